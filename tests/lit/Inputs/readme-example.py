# Writes the README's example C (argv[2]) and the output shown under it
# (argv[3]), from the block after the "<!-- example:" marker.
import re
import sys

text = open(sys.argv[1]).read()
text = text[text.index("<!-- example:"):]
fence = "`" * 3
m = re.search(fence + r"c\n(.*?)" + fence + r"\n\n" + fence + r"\n(.*?)" + fence,
              text, re.S)
open(sys.argv[2], "w").write(m.group(1))
open(sys.argv[3], "w").write(m.group(2))
