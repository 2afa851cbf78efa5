" Writes the quickfix list to the file g:qf_out, one entry a line:
"	VALID TYPE FILE:LINE:COL TEXT
" (TYPE "-" when the entry has none), for the editor tests to compare
" with isbcheck's gcc-style output.
let s:lines = []
for s:e in getqflist()
  call add(s:lines, printf('%d %s %s:%d:%d %s', s:e.valid,
        \ s:e.type ==# '' ? '-' : s:e.type, bufname(s:e.bufnr),
        \ s:e.lnum, s:e.col, s:e.text))
endfor
call writefile(s:lines, g:qf_out)
