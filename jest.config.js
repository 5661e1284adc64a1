/**
 * Three jest projects, all run by `npm test` (scripts/test-all.sh):
 *  - unit:    pure TypeScript tests of nodes/ and credentials/ plus the n8n-core execution tests
 *  - e2e:     the packed tarball inside a real n8n (needs the provisioned n8n, see scripts/)
 *  - browser: the n8n editor in headless Chromium
 *  - queue:   n8n in queue mode (main + workers, Redis, PostgreSQL from Debian; see test/queue)
 */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }];
const common = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': tsJest },
	moduleFileExtensions: ['ts', 'js', 'json'],
	// In dist the QR encoder and the deflate compressor are bundled by gulpfile.js; from source,
	// tests use the packages themselves.
	moduleNameMapper: {
		'/vendor/qrcode$': '<rootDir>/node_modules/qrcode/lib/core/qrcode.js',
		'/vendor/deflate$': '<rootDir>/node_modules/fflate/lib/browser.cjs',
	},
};
module.exports = {
	projects: [
		{
			...common,
			displayName: 'unit',
			testMatch: ['<rootDir>/test/**/*.test.ts'],
			testPathIgnorePatterns: [
				'/node_modules/',
				'<rootDir>/test/e2e/',
				'<rootDir>/test/browser/',
				'<rootDir>/test/queue/',
			],
		},
		{
			...common,
			displayName: 'e2e',
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
		},
		{
			...common,
			displayName: 'browser',
			testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
		},
		{
			...common,
			displayName: 'queue',
			testMatch: ['<rootDir>/test/queue/**/*.test.ts'],
		},
	],
};
