// Applies the problem matchers of a VS Code tasks.json to a tool's output
// as VS Code matches each line: the pattern's regexp is a JavaScript
// regular expression, its file/line/column/severity/message are group
// numbers, and the file is found as fileLocation says ("relative": joined
// to the directory given; "autoDetect": that if it exists, else the path
// as it is; "absolute": as it is).
//
// usage: node problem-matcher.js TASKS.JSON OUTPUT WORKSPACE
//
// Prints, for each task, "task LABEL", then one line per problem:
//	SEVERITY FILE:LINE:COL MESSAGE
// COL is "-" when its group did not match; " (no such file)" follows when
// the file VS Code would open does not exist.  Exits 1 if the tasks are
// not what the tests rely on: a problem matcher object with an owner and
// a fileLocation relative to (or detected from) ${workspaceFolder}.
'use strict';
const fs = require('fs');
const path = require('path');

const [tasksFile, outputFile, workspace] = process.argv.slice(2);
const tasks = JSON.parse(fs.readFileSync(tasksFile, 'utf8'));
const lines = fs.readFileSync(outputFile, 'utf8').split('\n');

function fail(msg) {
	console.error(`problem-matcher.js: ${msg}`);
	process.exit(1);
}

function resolve(kind, file) {
	const joined = path.join(workspace, file);

	if (kind === 'absolute')
		return file;
	if (kind === 'autoDetect' && !fs.existsSync(joined))
		return file;
	return joined;
}

if (!Array.isArray(tasks.tasks) || !tasks.tasks.length)
	fail('no tasks');
for (const task of tasks.tasks) {
	const m = task.problemMatcher;

	if (!m || typeof m !== 'object' || Array.isArray(m))
		fail(`task "${task.label}": no problem matcher object`);
	if (typeof m.owner !== 'string' || !m.owner)
		fail(`task "${task.label}": no owner`);
	const loc = m.fileLocation;
	if (!Array.isArray(loc) || !['relative', 'autoDetect'].includes(loc[0]) ||
	    loc[1] !== '${workspaceFolder}')
		fail(`task "${task.label}": fileLocation is not the workspace`);
	const p = m.pattern;
	const re = new RegExp(p.regexp);
	console.log(`task ${task.label}`);
	for (const line of lines) {
		const g = re.exec(line);

		if (!g)
			continue;
		const file = g[p.file];
		const missing = fs.existsSync(resolve(loc[0], file)) ?
			'' : ' (no such file)';
		console.log(`${g[p.severity]} ${file}:${g[p.line]}:${g[p.column] ?? '-'} ${g[p.message]}${missing}`);
	}
}
