-- Neovim (0.7, Debian 12's) as the language server's client, headless:
-- opens $LSP_FILE with "isbcheck --lsp" attached through vim.lsp, waits
-- for its diagnostics, asks for the hover at the first, applies each
-- finding's quick fix as a user would, sees the list clear, saves, and
-- stops the server.  Writes what it saw to $LSP_OUT, one fact a line;
-- any failure writes "FAIL: why" and quits with status 1.  Every wait has
-- a deadline.
local out = assert(io.open(vim.env.LSP_OUT, 'w'))
local function say(s)
  out:write(s, '\n')
  out:flush()
end
local function fail(why)
  say('FAIL: ' .. why)
  out:close()
  vim.cmd('cquit 1')
end

local published = 0
local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  default_publish(err, result, ctx, config)
  published = published + 1
end

vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.LSP_FILE))
local bufnr = vim.api.nvim_get_current_buf()
local exit_code
local client_id = vim.lsp.start_client({
  name = 'isbcheck',
  cmd = { vim.env.ISBCHECK, '--lsp' },
  root_dir = vim.fn.getcwd(),
  on_exit = function(code) exit_code = code end,
})
if not client_id then fail('the client did not start') end
vim.lsp.buf_attach_client(bufnr, client_id)
local client = vim.lsp.get_client_by_id(client_id)

local function diagnostics()
  return vim.diagnostic.get(bufnr)
end

if not vim.wait(60000, function() return #diagnostics() > 0 end, 20) then
  fail('no diagnostics within 60 s')
end
local first = diagnostics()
table.sort(first, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
for _, d in ipairs(first) do
  local rel = d.user_data.lsp.relatedInformation or {}
  say(string.format('diag %d:%d [%s] %d related', d.lnum + 1, d.col + 1, d.code, #rel))
end

-- hover at the first finding's access
local uri = vim.uri_from_bufnr(bufnr)
local res = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
  textDocument = { uri = uri },
  position = { line = first[1].lnum, character = first[1].col },
}, 10000)
local hover = res and res[client_id] and res[client_id].result
if not hover then fail('no hover at the first finding') end
say('hover ' .. hover.contents.value:gsub('\n', ' '))

-- each finding's quick fix, the first one offered at it, until none is left
local rounds = 0
while #diagnostics() > 0 do
  rounds = rounds + 1
  if rounds > 50 then fail('the quick fixes do not clear the list') end
  local d = diagnostics()[1]
  local range = {
    start = { line = d.lnum, character = d.col },
    ['end'] = { line = d.end_lnum, character = d.end_col },
  }
  local r = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = range,
    context = { diagnostics = { { range = range, message = d.message, code = d.code } },
                only = { 'quickfix' } },
  }, 10000)
  local actions = r and r[client_id] and r[client_id].result or {}
  if #actions == 0 then fail('no quick fix at ' .. (d.lnum + 1) .. ':' .. (d.col + 1)) end
  local before, seen = #diagnostics(), published
  vim.lsp.util.apply_workspace_edit(actions[1].edit, client.offset_encoding)
  say('applied ' .. actions[1].title)
  if not vim.wait(30000, function() return published > seen and #diagnostics() < before end, 20) then
    fail('the quick fix at ' .. (d.lnum + 1) .. ' did not clear its finding')
  end
end
say('cleared after ' .. rounds .. ' quick fixes')

-- a save: the server checks again and still finds nothing
local seen = published
vim.cmd('write')
if not vim.wait(30000, function() return published > seen end, 20) then
  fail('no diagnostics after the save')
end
say('after the save: ' .. #diagnostics() .. ' diagnostics')

vim.lsp.stop_client(client_id)
if not vim.wait(10000, function() return exit_code ~= nil end, 20) then
  fail('the server did not exit')
end
say('server exit ' .. exit_code)
out:close()
vim.cmd('qall!')
