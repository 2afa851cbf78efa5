#!/bin/bash
# Runs sparse over every corpus file with the kernel's default sparse flags
# and that directory's configuration macro and include directories (from
# its compile_flags.txt, in their order: the old accessor generation puts
# include-old first); prints what sparse prints.
# usage: corpus-sparse.sh CORPUS_DIR SPARSE
set -u
cd "$1" || exit 2
status=0
for dir in nvhe vhe; do
	config=$(grep -- '^-D__KVM' "$dir/compile_flags.txt")
	includes=$(sed -n -e 's|^-I/|-I/|p' -e t \
		-e "s|^-I\\(.*\\)|-I$dir/\\1|p" "$dir/compile_flags.txt")
	for f in "$dir"/*.c; do
		"$2" --arch=aarch64 -D__CHECKER__ $config -Wbitwise \
			-Wno-return-void -Wno-unknown-attribute -nostdinc \
			$includes "$f" 2>&1 || status=1
	done
done
exit $status
