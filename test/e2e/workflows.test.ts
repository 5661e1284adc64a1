/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
/**
 * Workflows with the WatchCollect node, run by a real n8n (`n8n execute --id=… --rawOutput`), with
 * the packed package installed as Community Nodes installs it and the WatchCollect API simulated.
 *
 * beforeAll: start the simulator, make a fresh n8n user folder, import two credentials (valid and
 * wrong token, Base URL = the simulator) and every fixture in ./workflows, then execute each
 * fixture once, in file order, recording what n8n printed and which requests the simulator saw
 * during that run. Each test then checks one fixture: the node's output items in n8n's run data
 * AND the exact requests on the wire.
 *
 * Binary data: n8n 2.40 keeps it in `filesystem` mode by default (also for `n8n execute`). The
 * run data then holds only a reference (`id: "filesystem-v2:<file id>"`, `data: "filesystem-v2"`)
 * and the bytes are in `<user folder>/.n8n/storage/<file id>`; the tests read them from there, so
 * n8n runs with its default settings.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import jsQR from 'jsqr';
import { PNG } from 'pngjs';

import {
	SEEDED_SESSION_NAMES,
	startSimulator,
	type RecordedRequest,
	type SessionRecord,
	type Simulator,
} from '../simulator/simulator';
import {
	countSigsegvOnExit,
	expectExecuteExit,
	SIGSEGV_ON_EXIT_ALLOWED,
	freePort,
	PACKAGE_NAME,
	findExecution,
	makeUserFolder,
	n8nEnv,
	runN8n,
	type RunResult,
} from '../support/n8n';

/** A session as the simulator stores it; GET /v2/sessions lists it without `seeded`. */
type SimSession = SessionRecord;
type SimRequest = RecordedRequest;

const WORKFLOWS_DIR = path.join(__dirname, 'workflows');
// Random, like the wrong one: the simulator's default token `sim-valid-token` is published (README,
// npm run dev), so it would turn up in the packed package and void the secret check below.
const VALID_TOKEN = `e2e-valid-token-${randomBytes(6).toString('hex')}`;
const WRONG_TOKEN = `e2e-wrong-token-${randomBytes(6).toString('hex')}`;
const VALID_CREDENTIAL = { id: 'wcE2eSimValid001', name: 'WatchCollect simulator (valid token)' };
const WRONG_CREDENTIAL = { id: 'wcE2eSimWrong001', name: 'WatchCollect simulator (wrong token)' };
const NODE = 'WatchCollect';
const LINK_NAME = 'user-user_35eh25qkkIVwab803vgofO1uSsl-receiving';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REQUEST_ID = /\[request ID: req_[0-9a-f]+\]/;
const PAIRING_CODE = /^[A-Z0-9]{4}-[A-Z0-9]{4}$/;
/** The seeded receiving session that still needs pairing (SCAN_QR_CODE): listed first. */
const SEEDED_RECEIVING = SEEDED_SESSION_NAMES[0];

/** The node's output: a CreateSessionResponse, or `{ error }` for a failed item. */
interface ItemJson {
	[field: string]: unknown;
	session_id?: string;
	waha_session_name?: string;
	request_id?: string;
	qr?: { value?: string };
	otp?: { code?: string };
	error?: string;
}

/** An entry of an item's `binary`, as n8n's run data holds it. */
interface BinaryEntry {
	mimeType: string;
	fileName?: string;
	fileExtension?: string;
	/** base64 bytes, or the mode name (e.g. `filesystem-v2`) when `id` refers to stored bytes */
	data: string;
	/** `<mode>:<file id>` when the bytes are stored outside the run data */
	id?: string;
	bytes?: number;
}

interface Item {
	json: ItemJson;
	binary?: Record<string, BinaryEntry>;
	pairedItem?: { item: number } | Array<{ item: number }>;
}

interface TaskData {
	executionStatus?: string;
	/** How long the node ran, in ms. */
	executionTime?: number;
	data?: { main: Array<Item[] | null> };
	error?: { message: string; description?: string };
}

interface ExecutionData {
	status: string;
	data: {
		resultData: {
			runData: Record<string, TaskData[]>;
			error?: { message: string; description?: string; node?: { name: string } };
		};
	};
}

interface Run {
	file: string;
	id: string;
	result?: RunResult;
	/** Set when n8n could not be run at all (spawn error or time-out). */
	failure?: Error;
	execution?: ExecutionData;
	/** The simulator's records of the requests made during this run, oldest first. */
	requests: SimRequest[];
	/** Copies of the simulator's sessions just before this run, in the simulator's order. */
	sessionsBefore: SimSession[];
	/** How long the `n8n execute` took, start-up included. */
	wallMs?: number;
	/** Copies of the simulator's sessions right after this run (later fixtures may change them). */
	sessionsAfter?: SimSession[];
}

/** The simulator's rate limit (requests per second) while a fixture runs. */
const RATE_LIMITS: Record<string, number> = { '17-batching-rate-limit.json': 50 };

/** The text of the QR code in a PNG, read by pngjs and jsQR (independent of the node's encoder). */
function decodeQrPng(png: Buffer): string | undefined {
	const image = PNG.sync.read(png);
	return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? filesUnder(full) : entry.isFile() ? [full] : [];
	});
}

const fixtureFiles = fs
	.readdirSync(WORKFLOWS_DIR)
	.filter((f) => f.endsWith('.json'))
	.sort();

describe('WatchCollect workflows in a real n8n (n8n execute)', () => {
	let sim: Simulator | undefined;
	let userFolder: string | undefined;
	let env: NodeJS.ProcessEnv;
	const runs = new Map<string, Run>();
	/** stdout and stderr of every n8n CLI call, for the secret check. */
	const captured: Array<{ what: string; text: string }> = [];

	async function n8n(what: string, args: string[]): Promise<RunResult> {
		const result = await runN8n(args, env);
		captured.push({ what: `${what} (stdout)`, text: result.stdout });
		captured.push({ what: `${what} (stderr)`, text: result.stderr });
		return result;
	}

	beforeAll(async () => {
		const simulator = await startSimulator({ tokens: { valid: [VALID_TOKEN], otherTenant: [] } });
		sim = simulator;
		userFolder = makeUserFolder();
		const installed = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
		if (
			!fs.existsSync(path.join(installed, 'dist', 'nodes', 'WatchCollect', 'WatchCollect.node.js'))
		) {
			throw new Error(`the packed package in ${installed} has no dist: was \`npm run build\` run?`);
		}
		// The task broker gets a free port: a second n8n (another test file) may hold the default.
		env = n8nEnv(userFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()) });

		// Credentials are made here (the simulator's port changes), outside the user folder.
		const inputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchcollect-e2e-input-'));
		try {
			const credentialsFile = path.join(inputDir, 'credentials.json');
			fs.writeFileSync(
				credentialsFile,
				JSON.stringify([
					{
						...VALID_CREDENTIAL,
						type: 'watchCollectApi',
						data: { accessToken: VALID_TOKEN, baseUrl: simulator.url },
					},
					{
						...WRONG_CREDENTIAL,
						type: 'watchCollectApi',
						data: { accessToken: WRONG_TOKEN, baseUrl: simulator.url },
					},
				]),
			);
			const creds = await n8n('import:credentials', [
				'import:credentials',
				`--input=${credentialsFile}`,
			]);
			if (creds.code !== 0 || !/Successfully imported 2 credentials/.test(creds.stdout)) {
				throw new Error(
					`import:credentials failed (${creds.code}):\n${creds.stdout}\n${creds.stderr}`,
				);
			}
		} finally {
			fs.rmSync(inputDir, { recursive: true, force: true });
		}

		const wfs = await n8n('import:workflow', [
			'import:workflow',
			'--separate',
			`--input=${WORKFLOWS_DIR}`,
		]);
		const imported = new RegExp(`Successfully imported ${fixtureFiles.length} workflows?`);
		if (wfs.code !== 0 || !imported.test(wfs.stdout)) {
			throw new Error(`import:workflow failed (${wfs.code}):\n${wfs.stdout}\n${wfs.stderr}`);
		}

		// One n8n at a time: the requests a run made are the ones recorded while it ran.
		for (const file of fixtureFiles) {
			const { id } = JSON.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8')) as {
				id: string;
			};
			const before = simulator.requests.length;
			const sessionsBefore = [...simulator.sessions.values()].map((s) => ({ ...s }));
			const run: Run = { file, id, requests: [], sessionsBefore };
			simulator.setRateLimit(RATE_LIMITS[file] ?? null);
			const started = Date.now();
			try {
				run.result = await n8n(`execute ${file}`, ['execute', `--id=${id}`, '--rawOutput']);
				run.execution = findExecution<ExecutionData>(run.result.stdout);
			} catch (error) {
				run.failure = error as Error;
			} finally {
				simulator.setRateLimit(null);
			}
			run.wallMs = Date.now() - started;
			run.sessionsAfter = [...simulator.sessions.values()].map((s) => ({ ...s }));
			run.requests = simulator.requests.slice(before);
			runs.set(file, run);
		}
	}, 900_000); // 17+ n8n processes one after the other: minutes more on a loaded machine

	afterAll(async () => {
		await sim?.close();
		if (userFolder && !process.env.WATCHCOLLECT_KEEP_E2E) {
			fs.rmSync(userFolder, { recursive: true, force: true });
		}
	}, 30_000);

	/** The run of a fixture, which must have printed an execution with the given status. */
	function runOf(file: string, status: 'success' | 'error'): Run & { execution: ExecutionData } {
		const run = runs.get(file);
		if (!run) throw new Error(`${file} was not run`);
		if (run.failure) throw run.failure;
		const out = `exit code ${run.result?.code} (signal ${run.result?.signal})\n--- stdout\n${run.result?.stdout}\n--- stderr\n${run.result?.stderr}`;
		if (!run.execution) throw new Error(`${file}: no execution data in n8n's output\n${out}`);
		if (run.execution.status !== status) {
			throw new Error(
				`${file}: execution status ${run.execution.status}, expected ${status}\n${out}`,
			);
		}
		// exit 0 / 1, or n8n's SIGSEGV on its way out after a failed execution (seen in fixtures 10
		// and 11; counted below: bounded per file)
		if (!run.result) throw new Error(`${file}: n8n did not run`);
		expectExecuteExit(run.result, status);
		return run as Run & { execution: ExecutionData };
	}

	const nodeRun = (run: { execution: ExecutionData }, node = NODE): TaskData => {
		const tasks = run.execution.data.resultData.runData[node];
		expect(tasks).toHaveLength(1);
		return tasks[0];
	};
	const output = (run: { execution: ExecutionData }, index = 0, node = NODE): Item[] =>
		nodeRun(run, node).data?.main[index] ?? [];

	/**
	 * The bytes of a binary entry of the run data: inline base64, or (n8n's default `filesystem`
	 * mode) the file the entry's id names under `<user folder>/.n8n/storage`.
	 */
	function binaryBytes(entry: BinaryEntry): Buffer {
		if (!entry.id) return Buffer.from(entry.data, 'base64');
		const [mode, fileId] = entry.id.split(':');
		expect(['filesystem', 'filesystem-v2']).toContain(mode);
		expect(entry.data).toBe(mode);
		const file = path.join(userFolder as string, '.n8n', 'storage', fileId);
		if (!fs.existsSync(file)) throw new Error(`binary ${entry.id}: no file ${file}`);
		const bytes = fs.readFileSync(file);
		if (entry.bytes !== undefined) expect(bytes.length).toBe(entry.bytes);
		return bytes;
	}

	/** The item's binary `property` is a PNG called `fileName` whose QR code reads `value`. */
	function expectQrPng(item: Item, property: string, fileName: string, value: string) {
		const entry = item.binary?.[property];
		if (!entry) throw new Error(`no binary "${property}" in ${JSON.stringify(item)}`);
		expect(entry).toMatchObject({ mimeType: 'image/png', fileName, fileExtension: 'png' });
		expect(fileName).toMatch(/\.png$/);
		const png = binaryBytes(entry);
		expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
		expect(decodeQrPng(png)).toBe(value);
	}

	/** A request to a session endpoint with the valid bearer token, answered 200. */
	function expectSessionRequest(request: SimRequest, method: string, requestPath: string) {
		expect(request).toMatchObject({ method, path: requestPath, authOk: 'valid', status: 200 });
		expect(request.headers.authorization).toBe('Bearer <redacted>');
		expect(request.fault).toBeUndefined();
	}

	/** Exactly one POST /v2/sessions with the valid bearer token, whose JSON body is `body`. */
	function expectOneCreate(run: Run, body: Record<string, unknown>, status = 200) {
		expect(run.requests).toHaveLength(1);
		expectCreate(run.requests[0], body, status);
	}
	function expectCreate(request: SimRequest, body: Record<string, unknown>, status = 200) {
		expect(request).toMatchObject({
			method: 'POST',
			path: '/v2/sessions',
			authOk: 'valid',
			status,
		});
		expect(request.query).toEqual({});
		expect(request.headers.authorization).toBe('Bearer <redacted>');
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.body).toEqual(body);
	}

	it('every fixture was imported and executed', () => {
		expect(fixtureFiles.length).toBeGreaterThanOrEqual(10);
		expect([...runs.keys()]).toEqual(fixtureFiles);
		const ids = fixtureFiles.map((f) => runs.get(f)?.id);
		expect(new Set(ids).size).toBe(ids.length);
	});

	it(`n8n crashed on its way out (SIGSEGV) in at most ${SIGSEGV_ON_EXIT_ALLOWED} of the runs, and only after a failed execution`, () => {
		const all = [...runs.values()];
		const crashed = all.filter((r) => r.result?.signal === 'SIGSEGV');
		expect(countSigsegvOnExit(all.map((r) => r.result))).toBeLessThanOrEqual(
			SIGSEGV_ON_EXIT_ALLOWED,
		);
		expect(crashed.filter((r) => r.execution?.status !== 'error').map((r) => r.file)).toEqual([]);
		// every other run ended by itself (an exit code, no signal)
		expect(
			all.filter((r) => r.result?.signal && r.result.signal !== 'SIGSEGV').map((r) => r.file),
		).toEqual([]);
	});

	it('01 receiving, new session, QR, defaults: WEBJS engine, QR value, pairedItem', () => {
		const run = runOf('01-receiving-qr-defaults.json', 'success');
		expectOneCreate(run, { role: 'receiving', engine: 'WEBJS', auth_method: 'qr' });

		const items = output(run);
		expect(items).toHaveLength(1);
		const [{ json, pairedItem }] = items;
		expect(pairedItem).toEqual({ item: 0 });
		expect(json).toMatchObject({
			status: 'accepted',
			role: 'receiving',
			engine: 'WEBJS',
			auth_method: 'qr',
			created: true,
			session_status: 'SCAN_QR_CODE',
		});
		expect(json.session_id).toMatch(UUID);
		expect(json.waha_session_name).toMatch(/-receiving$/);
		expect(json.qr?.value).toMatch(/^2@/);
		expect(json.request_id).toMatch(/^req_/);
		expect(json).not.toHaveProperty('otp');

		// the QR as a PNG in binary `qr`, named after the session; JSON keeps qr.value
		expect(Object.keys(items[0].binary ?? {})).toEqual(['qr']);
		expectQrPng(items[0], 'qr', `${json.waha_session_name}.png`, json.qr?.value as string);
	});

	it('02 receiving with the GOWS engine', () => {
		const run = runOf('02-receiving-gows.json', 'success');
		expectOneCreate(run, { role: 'receiving', engine: 'GOWS', auth_method: 'qr' });
		const items = output(run);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ status: 'accepted', role: 'receiving', engine: 'GOWS' });
		expect(items[0].json.qr?.value).toMatch(/^2@/);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('03 sending with a pairing code: the typed phone is sent as digits, NOWEB, no otp_method', () => {
		const run = runOf('03-sending-otp.json', 'success');
		expectOneCreate(run, {
			role: 'sending',
			engine: 'NOWEB',
			auth_method: 'otp',
			phone_number: '31612345678',
		});
		expect(run.requests[0].body).not.toHaveProperty('otp_method');

		const items = output(run);
		expect(items).toHaveLength(1);
		const { json } = items[0];
		expect(json).toMatchObject({
			status: 'accepted',
			role: 'sending',
			engine: 'NOWEB',
			auth_method: 'otp',
			otp: { phone_number: '31612345678' },
		});
		expect(json.otp?.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
		expect(json).not.toHaveProperty('qr');
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('04 link an existing WAHA session with automatic auth: no auth_method, no engine', () => {
		const run = runOf('04-link-automatic.json', 'success');
		expectOneCreate(run, { role: 'receiving', waha_session_name: LINK_NAME });

		const items = output(run);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			status: 'accepted',
			waha_session_name: LINK_NAME,
			created: false,
			role: 'receiving',
		});
		expect(items[0].json.session_id).toMatch(UUID);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('05 a label is sent and echoed', () => {
		const run = runOf('05-label.json', 'success');
		expectOneCreate(run, {
			role: 'receiving',
			engine: 'WEBJS',
			auth_method: 'qr',
			label: 'Main receiving session',
		});
		const items = output(run);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ status: 'accepted', label: 'Main receiving session' });
	});

	it('06 a rejected session goes to the error output (session_status and request ID)', () => {
		const run = runOf('06-rejected-error-output.json', 'success');
		expectOneCreate(run, {
			role: 'receiving',
			engine: 'WEBJS',
			auth_method: 'qr',
			label: 'sim-fault:rejected',
		});
		expect(run.requests[0].fault).toBe('rejected');

		expect(output(run, 0)).toEqual([]);
		const errors = output(run, 1);
		expect(errors).toHaveLength(1);
		expect(errors[0].pairedItem).toEqual({ item: 0 });
		expect(errors[0].json.error).toMatch(/rejected/i);
		expect(errors[0].json.error).toMatch(/session_status: FAILED/);
		expect(errors[0].json.error).toMatch(REQUEST_ID);
		// the workflow went on along the error branch only
		expect(run.execution.data.resultData.runData.Failed).toHaveLength(1);
		expect(output(run, 0, 'Failed')).toHaveLength(1);
		expect(run.execution.data.resultData.runData.Created).toBeUndefined();
	});

	it('07 a wrong access token fails the execution with a 401 token message', () => {
		const run = runOf('07-wrong-token.json', 'error');
		expect(run.requests).toHaveLength(1);
		expect(run.requests[0]).toMatchObject({
			method: 'POST',
			path: '/v2/sessions',
			authOk: 'invalid',
			status: 401,
		});
		expect(run.requests[0].headers.authorization).toBe('Bearer <redacted>');
		expect(run.requests[0].body).toEqual({ role: 'receiving', engine: 'WEBJS', auth_method: 'qr' });

		const error = run.execution.data.resultData.error;
		expect(error?.node?.name).toBe(NODE);
		expect(error?.message).toMatch(/401/);
		expect(error?.message).toMatch(/access token/i);
		expect(error?.description).toMatch(/credential/i);
		expect(nodeRun(run).error?.message).toBe(error?.message);
		expect(run.result?.stdout).toContain(error?.message);
	});

	it('08 rate limited past Max Wait on Rate Limit (Retry-After 30 s, bound 20 s): fails at once, saying to retry after 30 seconds', () => {
		const run = runOf('08-rate-limited.json', 'error');
		expectOneCreate(
			run,
			{ role: 'receiving', engine: 'WEBJS', auth_method: 'qr', label: 'sim-fault:429' },
			429,
		);
		const error = run.execution.data.resultData.error;
		expect(error?.message).toMatch(/429/);
		expect(error?.message).toMatch(/retry after 30 seconds/);
		// at once: the node did not wait out the 20 s bound (nor the 30 s asked for) before failing
		expect(nodeRun(run).executionTime).toBeLessThan(5_000);
		expect(error?.message).toMatch(REQUEST_ID);
	});

	it('09 a batch of five with Continue On Fail: five outputs in input order, errors on items 1 and 3', () => {
		const run = runOf('09-batch-continue-on-fail.json', 'success');

		// item 3 (a national number) is refused by the node: no request is sent for it
		const otp = { role: 'sending', engine: 'NOWEB', auth_method: 'otp' };
		expect(run.requests).toHaveLength(4);
		expectCreate(run.requests[0], { ...otp, phone_number: '31612345670', label: 'batch item 0' });
		expectCreate(
			run.requests[1],
			{ ...otp, phone_number: '31612345671', label: 'sim-fault:500 batch item 1' },
			500,
		);
		expectCreate(run.requests[2], { ...otp, phone_number: '31612345672', label: 'batch item 2' });
		expectCreate(run.requests[3], { ...otp, phone_number: '31612345674', label: 'batch item 4' });

		const items = output(run);
		expect(items).toHaveLength(5);
		expect(items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		for (const i of [0, 2, 4]) {
			expect(items[i].json).toMatchObject({
				status: 'accepted',
				label: `batch item ${i}`,
				otp: { phone_number: `3161234567${i}` },
			});
			expect(items[i].json).not.toHaveProperty('error');
		}
		expect(Object.keys(items[1].json)).toEqual(['error']);
		expect(items[1].json.error).toMatch(/server error \(500\)/);
		expect(items[1].json.error).toMatch(REQUEST_ID);
		expect(Object.keys(items[3].json)).toEqual(['error']);
		expect(items[3].json.error).toMatch(/Phone Number \(phoneNumber\)/);
		expect(items[3].json.error).toContain("'06 1234 5673'");
	});

	it('10 an invalid phone number from an expression fails the execution, naming the field; nothing is sent', () => {
		const run = runOf('10-invalid-phone-expression.json', 'error');
		expect(run.requests).toEqual([]);
		const error = run.execution.data.resultData.error;
		expect(error?.node?.name).toBe(NODE);
		expect(error?.message).toMatch(/Phone Number \(phoneNumber\)/);
		expect(error?.message).toContain("'0612345678'");
		expect(error?.description).toMatch(/No request was sent/);
	});

	it('11 an unknown role from an expression fails the execution, naming the field; nothing is sent', () => {
		const run = runOf('11-invalid-role-expression.json', 'error');
		expect(run.requests).toEqual([]);
		const error = run.execution.data.resultData.error;
		expect(error?.node?.name).toBe(NODE);
		expect(error?.message).toMatch(/Role \(role\)/);
		expect(error?.message).toMatch(/'receiving', 'sending'/);
	});

	it('12 Create with the QR image under another binary property, and with the image switched off', () => {
		const run = runOf('12-create-qr-image-options.json', 'success');
		const qr = { role: 'receiving', engine: 'WEBJS', auth_method: 'qr' };
		expect(run.requests).toHaveLength(2);
		for (const label of ['qr image renamed', 'no qr image']) {
			const request = run.requests.find(
				(r) => (r.body as { label?: string } | null)?.label === label,
			);
			if (!request) throw new Error(`no request with the label "${label}"`);
			expectCreate(request, { ...qr, label });
		}

		const [renamed] = output(run, 0, 'Renamed QR Property');
		expect(renamed.json).toMatchObject({ status: 'accepted', label: 'qr image renamed' });
		expect(renamed.json.qr?.value).toMatch(/^2@/);
		expect(Object.keys(renamed.binary ?? {})).toEqual(['qrCode']);
		expectQrPng(
			renamed,
			'qrCode',
			`${renamed.json.waha_session_name}.png`,
			renamed.json.qr?.value as string,
		);

		const [plain] = output(run, 0, 'No QR Image');
		expect(plain.json).toMatchObject({ status: 'accepted', label: 'no qr image' });
		expect(plain.json.qr?.value).toMatch(/^2@/);
		expect(plain.binary).toBeUndefined();
	});

	describe('13 Get Many → Limit 1 → Get QR Code, Request Pairing Code, Start, Sync', () => {
		const FILE = '13-session-operations.json';
		/** The session the Limit node passed on, and the requests that went to it. */
		function target() {
			const run = runOf(FILE, 'success');
			const limited = output(run, 0, 'Limit');
			expect(limited).toHaveLength(1);
			const sessionId = limited[0].json.session_id as string;
			const requestTo = (method: string, action: string) => {
				const found = run.requests.filter(
					(r) => r.method === method && r.path === `/v2/sessions/${sessionId}/${action}`,
				);
				expect(found).toHaveLength(1);
				return found[0];
			};
			return { run, sessionId, requestTo };
		}

		it('Get Many (all roles, Return All): GET ?role=receiving then ?role=sending, one item per session', () => {
			const run = runOf(FILE, 'success');
			// two list requests, then one per operation on the session, nothing else
			expect(run.requests).toHaveLength(6);
			const [receiving, sending] = run.requests;
			for (const [request, role] of [
				[receiving, 'receiving'],
				[sending, 'sending'],
			] as const) {
				expectSessionRequest(request, 'GET', '/v2/sessions');
				expect(request.query).toEqual({ role });
				expect(request.body).toBeNull();
			}

			// every session the simulator held (seeded and created by earlier fixtures), receiving first
			const known = run.sessionsBefore.map((session) => {
				const listed: Partial<SimSession> = { ...session };
				delete listed.seeded;
				return listed;
			});
			const expected = [
				...known.filter((s) => s.role === 'receiving'),
				...known.filter((s) => s.role === 'sending'),
			];
			const items = output(run, 0, 'Get Many');
			expect(items.map((i) => i.json)).toEqual(expected);
			expect(items.map((i) => i.pairedItem)).toEqual(items.map(() => ({ item: 0 })));
			const names = items.map((i) => i.json.waha_session_name);
			expect(names).toEqual(expect.arrayContaining(SEEDED_SESSION_NAMES));
			expect(items.length).toBeGreaterThan(SEEDED_SESSION_NAMES.length);
			expect(new Set(items.map((i) => i.json.session_id)).size).toBe(items.length);
		});

		it('the session is the seeded receiving session, by the id Get Many listed', () => {
			const { run, sessionId } = target();
			const seeded = run.sessionsBefore.find((s) => s.waha_session_name === SEEDED_RECEIVING);
			expect(seeded?.seeded).toBe(true);
			expect(sessionId).toBe(seeded?.session_id);
			expect(sessionId).toMatch(UUID);
		});

		it('Get QR Code (ID from an expression): GET …/auth/qr, JSON qr.value and the same QR as a PNG', () => {
			const { run, sessionId, requestTo } = target();
			const request = requestTo('GET', 'auth/qr');
			expectSessionRequest(request, 'GET', `/v2/sessions/${sessionId}/auth/qr`);
			expect(request.query).toEqual({});
			expect(request.body).toBeNull();

			const items = output(run, 0, 'Get QR Code');
			expect(items).toHaveLength(1);
			const [item] = items;
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(item.json).toEqual({
				qr: { value: expect.stringMatching(/^2@/), request_id: item.json.request_id },
				session_id: sessionId,
				request_id: expect.stringMatching(/^req_/),
			});
			// the answer has no waha_session_name: the file is named after the session ID
			expect(Object.keys(item.binary ?? {})).toEqual(['qr']);
			expectQrPng(item, 'qr', `${sessionId}.png`, item.json.qr?.value as string);
		});

		it('Request Pairing Code (receiving, SMS): the typed phone is sent as digits, the code comes back', () => {
			const { run, sessionId, requestTo } = target();
			const request = requestTo('POST', 'auth/request-code');
			expectSessionRequest(request, 'POST', `/v2/sessions/${sessionId}/auth/request-code`);
			expect(request.query).toEqual({});
			expect(request.headers['content-type']).toMatch(/^application\/json/);
			expect(request.body).toEqual({ phone_number: '31612345678', otp_method: 'sms' });

			const items = output(run, 0, 'Request Pairing Code');
			expect(items).toHaveLength(1);
			expect(items[0].pairedItem).toEqual({ item: 0 });
			expect(items[0].json).toEqual({
				phone_number: '31612345678',
				method: 'sms',
				code: expect.stringMatching(PAIRING_CODE),
				request_id: expect.stringMatching(/^req_/),
			});
			expect(items[0].binary).toBeUndefined();
		});

		it('Start (session from the list mode, by expression): POST …/start with no body, the answer as it came', () => {
			const { run, sessionId, requestTo } = target();
			const request = requestTo('POST', 'start');
			expectSessionRequest(request, 'POST', `/v2/sessions/${sessionId}/start`);
			expect(request.query).toEqual({});
			expect(request.body).toBeNull();

			const items = output(run, 0, 'Start Session');
			expect(items).toHaveLength(1);
			expect(items[0].pairedItem).toEqual({ item: 0 });
			expect(items[0].json).toEqual({
				session_id: sessionId,
				session_status: 'STARTING',
				started: true,
				request_id: expect.stringMatching(/^req_/),
			});
			// the simulator did start it
			expect(run.sessionsAfter?.find((s) => s.session_id === sessionId)?.session_status).toBe(
				'STARTING',
			);
		});

		it('Sync: POST …/sync with no body, the answer as it came', () => {
			const { run, sessionId, requestTo } = target();
			const request = requestTo('POST', 'sync');
			expectSessionRequest(request, 'POST', `/v2/sessions/${sessionId}/sync`);
			expect(request.query).toEqual({});
			expect(request.body).toBeNull();

			const items = output(run, 0, 'Sync Session');
			expect(items).toHaveLength(1);
			expect(items[0].pairedItem).toEqual({ item: 0 });
			expect(items[0].json).toEqual({
				session_id: sessionId,
				sync_requested: true,
				sync_request_event_ids: [expect.stringMatching(UUID)],
				request_id: expect.stringMatching(/^req_/),
			});
		});

		it('the request IDs of the four answers are all different', () => {
			const { run } = target();
			const ids = ['Get QR Code', 'Request Pairing Code', 'Start Session', 'Sync Session'].map(
				(node) => output(run, 0, node)[0].json.request_id,
			);
			expect(new Set(ids).size).toBe(4);
		});
	});

	describe('15 one execution, 9 mixed items, every choice from an expression, Batching 4 per batch', () => {
		const LINK = (suffix: string) => `user-user_35eh25qkkIVwab803vgofO1uSsl-${suffix}`;
		/** Each item's body (label added), or its error. */
		const EXPECTED: Array<{ body: Record<string, unknown> } | { error: string }> = [
			{ body: { role: 'receiving', engine: 'WEBJS', auth_method: 'qr' } },
			{ body: { role: 'sending', engine: 'NOWEB', auth_method: 'qr' } },
			{
				body: {
					role: 'receiving',
					engine: 'WEBJS',
					auth_method: 'otp',
					phone_number: '31612345678',
					otp_method: 'sms',
				},
			},
			{
				body: {
					role: 'sending',
					engine: 'NOWEB',
					auth_method: 'otp',
					phone_number: '447911123456',
				},
			},
			{ body: { role: 'receiving', waha_session_name: LINK('receiving') } },
			{
				body: {
					role: 'sending',
					engine: 'NOWEB',
					auth_method: 'qr',
					waha_session_name: LINK('sending'),
				},
			},
			{
				body: {
					role: 'receiving',
					auth_method: 'otp',
					waha_session_name: LINK('receiving-paired'),
					phone_number: '14155550100',
					otp_method: 'voice',
				},
			},
			{
				error:
					"Invalid parameter: Phone Number (phoneNumber): '06 1234 5678' is not valid: it starts with 0 (a national number) instead of the country code. Use the country code and number, digits only, e.g. 31612345678 (a leading + and spaces, dashes, dots or brackets are fine; no leading 0 or 00)",
			},
			{ body: { role: 'receiving', engine: 'WEBJS', auth_method: 'qr' } },
		];

		it('n8n ran the workflow (no static issue): one output item per input item, in input order', () => {
			const run = runOf('15-expressions-mixed-batch.json', 'success');
			const items = output(run);
			expect(items.map((item) => item.pairedItem)).toEqual(EXPECTED.map((_, i) => ({ item: i })));
		});

		it('every item sent exactly the body its own values call for; the bad one sent nothing', () => {
			const run = runOf('15-expressions-mixed-batch.json', 'success');
			const sent = EXPECTED.filter((e) => 'body' in e).length;
			expect(run.requests).toHaveLength(sent);
			EXPECTED.forEach((expected, i) => {
				const label = `mixed ${i}`;
				const requests = run.requests.filter(
					(r) => (r.body as { label?: string } | null)?.label === label,
				);
				if ('body' in expected) {
					expect(requests).toHaveLength(1);
					expectCreate(requests[0], { ...expected.body, label });
				} else {
					expect(requests).toHaveLength(0);
				}
			});
		});

		it('each item carries its own answer or its own error', () => {
			const run = runOf('15-expressions-mixed-batch.json', 'success');
			const items = output(run);
			EXPECTED.forEach((expected, i) => {
				if ('body' in expected) {
					expect(items[i].json).toMatchObject({
						status: 'accepted',
						role: expected.body.role,
						label: `mixed ${i}`,
					});
					expect(items[i].json).not.toHaveProperty('error');
				} else {
					expect(items[i].json).toEqual({ error: expected.error });
				}
			});
			expect(items[3].json.otp).toMatchObject({ phone_number: '447911123456' });
			expect(items[3].json.otp?.code).toMatch(PAIRING_CODE);
			expect(items[6].json).toMatchObject({ created: false, auth_method: 'otp' });
			// QR image switched off: no binary, and no qrImageError either
			expect(items.every((item) => item.binary === undefined)).toBe(true);
		});
	});

	it('16 Role, Session Mode and Authentication Method each alone from an expression, the fields they decide left empty', () => {
		const run = runOf('16-expressions-alone.json', 'success');
		const bodyOf = (label: string) => {
			const requests = run.requests.filter(
				(r) => (r.body as { label?: string } | null)?.label === label,
			);
			expect(requests).toHaveLength(1);
			return requests[0].body;
		};
		expect(bodyOf('role alone 0')).toEqual({
			role: 'receiving',
			engine: 'WEBJS',
			auth_method: 'qr',
			label: 'role alone 0',
		});
		// the Engine default of the receiving branch does not leak into a sending item
		expect(bodyOf('role alone 1')).toEqual({
			role: 'sending',
			engine: 'NOWEB',
			auth_method: 'qr',
			label: 'role alone 1',
		});
		expect(bodyOf('mode alone 0')).toEqual({
			role: 'receiving',
			engine: 'WEBJS',
			auth_method: 'qr',
			label: 'mode alone 0',
		});
		expect(bodyOf('mode alone 1')).toEqual({
			role: 'receiving',
			waha_session_name: LINK_NAME,
			label: 'mode alone 1',
		});
		expect(bodyOf('auth alone 0')).toEqual({
			role: 'sending',
			engine: 'NOWEB',
			auth_method: 'qr',
			label: 'auth alone 0',
		});
		expect(bodyOf('auth alone 1')).toEqual({
			role: 'sending',
			engine: 'NOWEB',
			auth_method: 'otp',
			phone_number: '31612345671',
			label: 'auth alone 1',
		});
		expect(bodyOf('auth alone 2')).toEqual({
			role: 'sending',
			engine: 'NOWEB',
			auth_method: 'qr',
			label: 'auth alone 2',
		});
		expect(run.requests).toHaveLength(7);
		for (const node of [
			'WatchCollect (role alone)',
			'WatchCollect (mode alone)',
			'WatchCollect (auth alone)',
		]) {
			const items = output(run, 0, node);
			expect(items.every((item) => item.json.status === 'accepted')).toBe(true);
			expect(items.map((item) => item.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
		}
	});

	it('17 200 items with Batching against a limit of 50 requests per second: zero failed items', () => {
		const run = runOf('17-batching-rate-limit.json', 'success');
		const items = output(run);
		expect(items).toHaveLength(200);
		expect(items.filter((item) => item.json.error !== undefined)).toEqual([]);
		expect(items.map((item) => [item.json.status, item.json.label, item.pairedItem])).toEqual(
			items.map((_, i) => ['accepted', `rate ${i}`, { item: i }]),
		);
		const accepted = run.requests.filter((r) => r.status === 200);
		const limited = run.requests.filter((r) => r.status === 429);
		expect(accepted).toHaveLength(200);
		// the limit was met (50 at once, 4 batches) and every refused request was tried again
		expect(limited.length).toBeGreaterThan(0);
		expect(limited.every((r) => (r as { rateLimited?: boolean }).rateLimited)).toBe(true);
		expect(new Set(accepted.map((r) => (r.body as { label: string }).label)).size).toBe(200);
	});

	it('14 a session ID from an expression that is not a UUID fails the execution, naming the field; nothing is sent', () => {
		const run = runOf('14-invalid-session-id-expression.json', 'error');
		expect(run.requests).toEqual([]);
		const error = run.execution.data.resultData.error;
		expect(error?.node?.name).toBe(NODE);
		expect(error?.message).toMatch(/Session \(sessionId\)/);
		expect(error?.message).toMatch(/must be a session ID/);
		expect(error?.description).toMatch(/No request was sent/);
		expect(nodeRun(run).error?.message).toBe(error?.message);
		expect(output(run)).toEqual([]);
	});

	it('no token appears in any n8n output, in the run data, or in the user folder (database, logs)', () => {
		expect(captured.length).toBe(2 * (2 + fixtureFiles.length));
		// positive control: the runs printed their data and stored it in the user folder
		const printed = captured.map((c) => c.text).join('\n');
		const run = runOf('01-receiving-qr-defaults.json', 'success');
		const requestId = output(run)[0].json.request_id;
		if (!requestId) throw new Error('01 has no request_id');
		expect(printed).toContain(requestId);
		const stored = filesUnder(userFolder as string);
		expect(stored.some((f) => fs.readFileSync(f).includes(requestId))).toBe(true);

		for (const token of [VALID_TOKEN, WRONG_TOKEN]) {
			expect(captured.filter((c) => c.text.includes(token)).map((c) => c.what)).toEqual([]);
			for (const r of runs.values()) {
				expect(JSON.stringify(r.execution ?? {})).not.toContain(token);
			}
			expect(stored.filter((f) => fs.readFileSync(f).includes(token))).toEqual([]);
		}
		// the simulator saw both tokens, so the runs did use them
		const outcomes = [...runs.values()].flatMap((r) => r.requests.map((q) => q.authOk));
		expect(outcomes).toContain('valid');
		expect(outcomes).toContain('invalid');
	});
});
