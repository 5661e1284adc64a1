/**
 * A jest reporter for scripts/test-all.sh: per jest project (displayName) the number of test
 * files, passed, failed and skipped tests (it.skip, todo, a skipped file) and the time its files
 * took, written as JSON to the file named by WATCHCOLLECT_PROJECT_SUMMARY. test-all.sh prints these
 * and fails a run in which a project ran zero tests or skipped one.
 */
const fs = require('node:fs');
const path = require('node:path');

class ProjectSummaryReporter {
	constructor(_globalConfig, options = {}) {
		this.outputFile =
			options.outputFile ??
			process.env.WATCHCOLLECT_PROJECT_SUMMARY ??
			'test-results/projects.json';
		this.projects = {};
	}

	onTestResult(test, result) {
		const name = test.context.config.displayName?.name ?? 'default';
		const p = (this.projects[name] ??= {
			files: 0,
			passed: 0,
			failed: 0,
			skipped: 0,
			failedFiles: 0,
			ms: 0,
		});
		p.files += 1;
		p.passed += result.numPassingTests;
		p.failed += result.numFailingTests;
		p.skipped += result.numPendingTests + result.numTodoTests + (result.skipped ? 1 : 0);
		if (result.testExecError) p.failedFiles += 1;
		if (result.perfStats?.end && result.perfStats?.start)
			p.ms += result.perfStats.end - result.perfStats.start;
	}

	onRunComplete() {
		fs.mkdirSync(path.dirname(this.outputFile), { recursive: true });
		fs.writeFileSync(this.outputFile, JSON.stringify(this.projects, null, 2));
	}
}

module.exports = ProjectSummaryReporter;
