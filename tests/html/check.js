#!/usr/bin/env node
// SPDX-License-Identifier: GPL-2.0
//
// Loads isbcheck's HTML report in Debian's chromium (headless, through
// playwright-core; no browser is downloaded) and checks what a reviewer
// would see.  Prints each failure and exits 1 if there is any.
//
//   node check.js --dir DIR [--text FILE] [--count N] [--visible TEXT]...
//                 [--suppressed N] [--baseline N]
//                 [--shot REF.png --out DIR]
//
// --dir     the directory holding index.html
// --text    isbcheck's gcc-style output for the same run: each of its
//           warnings must be a finding of the page, in the same order,
//           with its rule, its access file:line visible, and its access
//           and write lines marked in an excerpt (or a note that the file
//           cannot be read)
// --count   the number of findings the page must show (sections and rows)
// --visible a text the page must show as text (repeatable)
// --suppressed, --baseline   the counts the header must give, and the
//           folded list must have one entry per such item
// --shot    compare a screenshot of the top of the page (header, summary,
//           first finding) at a fixed viewport with REF.png; on a
//           difference write actual.png and diff.png into --out.  With
//           UPDATE_SCREENSHOTS=1 the screenshot replaces REF.png instead.
//
// Always: no console error, no page error, no request but the page's
// own, no <script> element and no link off the page.
'use strict';

const fs = require('fs');
const path = require('path');

const VIEWPORT = { width: 1200, height: 900 };
const THRESHOLD = 0.1;		// pixelmatch's per-pixel colour distance
const MAX_DIFF = 0.01;		// the fraction of pixels allowed to differ

function parseArgs(argv) {
	const o = { visible: [],
		    tools: path.join(__dirname, '..', 'tools', 'node_modules') };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const v = () => {
			if (i + 1 >= argv.length)
				throw new Error(`${a} needs a value`);
			return argv[++i];
		};
		if (a === '--dir') o.dir = v();
		else if (a === '--text') o.text = v();
		else if (a === '--count') o.count = Number(v());
		else if (a === '--visible') o.visible.push(v());
		else if (a === '--suppressed') o.suppressed = Number(v());
		else if (a === '--baseline') o.baseline = Number(v());
		else if (a === '--shot') o.shot = v();
		else if (a === '--out') o.out = v();
		else if (a === '--tools') o.tools = v();
		else throw new Error(`unknown argument ${a}`);
	}
	if (!o.dir)
		throw new Error('--dir is required');
	if (o.shot && !o.out)
		throw new Error('--shot needs --out');
	return o;
}

// The warnings of a gcc-style run: access and write place and rule.
function readFindings(file) {
	const lines = fs.readFileSync(file, 'utf8').split('\n');
	const warn = /^(.+?):(\d+):(\d+): warning: .* \[([A-Za-z0-9_.-]+)\]$/;
	const write = /^(.+?):(\d+):(\d+): note: .* (written|issued|read) here/;
	const out = [];
	for (let i = 0; i < lines.length; i++) {
		const m = warn.exec(lines[i]);
		if (!m)
			continue;
		const w = write.exec(lines[i + 1] || '');
		if (!w)
			throw new Error(`${file}:${i + 2}: no write note after the warning`);
		out.push({ file: m[1], line: Number(m[2]), rule: m[4],
			   wfile: w[1], wline: Number(w[2]) });
	}
	return out;
}

// What the page shows of each finding, read from the DOM.
function readPage() {
	const text = (el) => (el ? el.innerText : '');
	const marked = (sec, kind) => {
		const r = [];
		for (const ex of sec.querySelectorAll('.excerpt'))
			for (const tr of ex.querySelectorAll(`tr.step.${kind}`))
				r.push({ file: ex.dataset.file,
					 line: Number(text(tr.querySelector('td.ln'))),
					 label: text(tr.nextElementSibling) });
		return r;
	};
	const sections = [...document.querySelectorAll('section.finding')];
	return {
		scripts: document.querySelectorAll('script').length,
		offsite: [...document.querySelectorAll('[href],[src]')]
			.map((e) => e.getAttribute('href') || e.getAttribute('src'))
			.filter((h) => !h.startsWith('#')),
		body: document.body.innerText,
		suppressed: text(document.getElementById('suppressed')),
		baseline: text(document.getElementById('baseline')),
		others: document.querySelectorAll('#not-shown li').length,
		rows: [...document.querySelectorAll('table.summary tbody tr')].map(
			(tr) => ({ text: tr.innerText,
				   href: tr.querySelector('a') &&
					 tr.querySelector('a').getAttribute('href') })),
		sections: sections.map((s) => ({
			id: s.id,
			text: s.innerText,
			shown: s.offsetHeight > 0,
			nosrc: [...s.querySelectorAll('.nosrc')].map(text),
			access: marked(s, 'access'),
			write: marked(s, 'write'),
			fix: s.querySelectorAll('.diff .add').length +
			     s.querySelectorAll('.nofix').length,
		})),
	};
}

function checkFinding(fail, f, sec, n) {
	const where = `finding ${n} (${f.file}:${f.line} ${f.rule})`;
	if (!sec.shown)
		fail(`${where}: its section is not shown`);
	if (!sec.text.includes(f.rule))
		fail(`${where}: the rule id is not visible`);
	if (!sec.text.includes(`${f.file}:${f.line}`))
		fail(`${where}: the access file:line is not visible`);
	const seen = (marks, file, line, what) => {
		if (marks.some((m) => m.file === file && m.line === line &&
			       m.label.trim() !== ''))
			return;
		if (sec.nosrc.some((t) => t.includes(file)))
			return;
		fail(`${where}: the ${what} line ${file}:${line} is not marked and labelled in an excerpt`);
	};
	seen(sec.access, f.file, f.line, 'access');
	seen(sec.write, f.wfile, f.wline, 'write');
	if (!sec.fix)
		fail(`${where}: neither a fix nor why there is none`);
}

function comparePng(fail, o, shot) {
	const { PNG } = require(path.join(o.tools, 'pngjs'));
	const pixelmatch = require(path.join(o.tools, 'pixelmatch'));

	if (process.env.UPDATE_SCREENSHOTS === '1') {
		fs.writeFileSync(o.shot, shot);
		console.log(`check.js: ${o.shot} updated`);
		return;
	}
	const save = (name, data) => {
		fs.mkdirSync(o.out, { recursive: true });
		fs.writeFileSync(path.join(o.out, name), data);
	};
	if (!fs.existsSync(o.shot)) {
		save('actual.png', shot);
		fail(`${o.shot} does not exist (UPDATE_SCREENSHOTS=1 writes it); the screenshot is in ${o.out}/actual.png`);
		return;
	}
	const ref = PNG.sync.read(fs.readFileSync(o.shot));
	const act = PNG.sync.read(shot);
	if (ref.width !== act.width || ref.height !== act.height) {
		save('actual.png', shot);
		fail(`screenshot is ${act.width}x${act.height}, ${o.shot} is ${ref.width}x${ref.height}; see ${o.out}/actual.png`);
		return;
	}
	const diff = new PNG({ width: ref.width, height: ref.height });
	const n = pixelmatch(ref.data, act.data, diff.data, ref.width,
			     ref.height, { threshold: THRESHOLD });
	const frac = n / (ref.width * ref.height);
	if (frac > MAX_DIFF) {
		save('actual.png', shot);
		save('diff.png', PNG.sync.write(diff));
		fail(`screenshot differs from ${o.shot} in ${n} pixels (${(100 * frac).toFixed(2)}%, more than ${100 * MAX_DIFF}%); see ${o.out}/actual.png and diff.png`);
	}
}

async function main() {
	const o = parseArgs(process.argv.slice(2));
	const { chromium } = require(path.join(o.tools, 'playwright-core'));
	const page_path = path.resolve(o.dir, 'index.html');
	const page_url = 'file://' + page_path;
	const failures = [];
	const fail = (msg) => failures.push(msg);

	if (!fs.existsSync(page_path))
		throw new Error(`${page_path} does not exist`);
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
		       '--no-first-run', '--disable-background-networking',
		       '--disable-component-update', '--disable-sync'],
		timeout: 60000,
	});
	try {
		const page = await browser.newPage({ viewport: VIEWPORT,
						     deviceScaleFactor: 1 });
		page.on('console', (m) => {
			if (m.type() === 'error')
				fail(`console error: ${m.text()}`);
		});
		page.on('pageerror', (e) => fail(`page error: ${e.message}`));
		page.on('requestfailed', (r) => {
			if (r.url() !== page_url)
				fail(`request failed: ${r.url()}`);
		});
		// the page is self-contained: anything else it asks for is a bug
		await page.route('**/*', (route) => {
			const url = route.request().url();
			if (url === page_url)
				return route.continue();
			fail(`the page fetches ${url}`);
			return route.abort();
		});
		const resp = await page.goto(page_url, { waitUntil: 'load' });
		if (!resp)
			fail('no response for the page');
		const got = await page.evaluate(readPage);

		if (got.scripts)
			fail(`the page has ${got.scripts} <script> element(s)`);
		for (const h of got.offsite)
			fail(`the page links off itself: ${h}`);
		if (o.count !== undefined) {
			if (got.sections.length !== o.count)
				fail(`${got.sections.length} finding sections, not ${o.count}`);
			if (got.rows.length !== o.count)
				fail(`${got.rows.length} summary rows, not ${o.count}`);
		}
		if (got.rows.length !== got.sections.length)
			fail(`${got.rows.length} summary rows for ${got.sections.length} findings`);
		got.rows.forEach((r, i) => {
			const s = got.sections[i];
			if (s && r.href !== `#${s.id}`)
				fail(`summary row ${i + 1} links to ${r.href}, not #${s.id}`);
		});
		if (o.text) {
			const want = readFindings(o.text);
			if (o.count !== undefined && want.length !== o.count)
				fail(`${o.text} has ${want.length} warnings, not ${o.count}`);
			if (want.length !== got.sections.length)
				fail(`${want.length} warnings in ${o.text}, ${got.sections.length} findings on the page`);
			want.forEach((f, i) => {
				if (i >= got.sections.length)
					return;
				checkFinding(fail, f, got.sections[i], i + 1);
				if (!got.rows[i].text.includes(`${f.file}:${f.line}`) ||
				    !got.rows[i].text.includes(f.rule))
					fail(`summary row ${i + 1} does not show ${f.file}:${f.line} ${f.rule}`);
			});
		}
		for (const t of o.visible)
			if (!got.body.includes(t))
				fail(`the page does not show ${JSON.stringify(t)}`);
		if (o.suppressed !== undefined &&
		    got.suppressed !== String(o.suppressed))
			fail(`the header says ${got.suppressed} suppressed, not ${o.suppressed}`);
		if (o.baseline !== undefined &&
		    got.baseline !== String(o.baseline))
			fail(`the header says ${got.baseline} in the baseline, not ${o.baseline}`);
		if (o.suppressed !== undefined && o.baseline !== undefined &&
		    got.others !== o.suppressed + o.baseline)
			fail(`the list of findings not shown has ${got.others} entries, not ${o.suppressed + o.baseline}`);

		if (o.shot) {
			const first = await page.$('section.finding');
			const box = first ? await first.boundingBox() : null;
			if (!box) {
				fail('no finding to take the screenshot down to');
			} else {
				const clip = { x: 0, y: 0, width: VIEWPORT.width,
					       height: Math.ceil(box.y + box.height + 16) };
				const shot = await page.screenshot({
					clip, fullPage: true, animations: 'disabled',
					caret: 'hide' });
				comparePng(fail, o, shot);
			}
		}
		if (!failures.length)
			console.log(`check.js: ${got.sections.length} findings checked in ${page_path}`);
	} finally {
		await browser.close();
	}
	for (const f of failures)
		console.error(`check.js: FAIL: ${f}`);
	return failures.length ? 1 : 0;
}

main().then((rc) => process.exit(rc), (e) => {
	console.error(`check.js: error: ${e.message}`);
	process.exit(2);
});
