/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a command-line tool for people with a WatchCollect account, never inside n8n */
/**
 * The probe's inputs: the configuration from the environment, or — when stdin is a terminal and
 * none is set — asked for (a token is not echoed). See ../probe.ts for the variables.
 */
import * as readline from 'readline';

import type { ProbeConfig } from './types';

const DEFAULT_BASE_URL = 'https://api-v2.watchcollect.com';

function ask(question: string, secret: boolean): Promise<string> {
	return new Promise((resolve) => {
		const rl = readline.createInterface({
			input: process.stdin,
			output: process.stderr,
			terminal: true,
		});
		if (secret) {
			// echo nothing while a token is typed or pasted
			(rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
				if (s.startsWith(question)) process.stderr.write(question);
			};
		}
		rl.question(question, (answer) => {
			rl.close();
			if (secret) process.stderr.write('\n');
			resolve(answer.trim());
		});
	});
}

export async function readConfig(env: NodeJS.ProcessEnv): Promise<ProbeConfig | undefined> {
	const interactive = Boolean(process.stdin.isTTY);
	let baseUrl = env.WATCHCOLLECT_BASE_URL?.trim() ?? '';
	let token = env.WATCHCOLLECT_TOKEN?.trim() ?? '';
	let clientToken = env.WATCHCOLLECT_CLIENT_TOKEN?.trim() ?? '';
	let frontendApiUrl = env.WATCHCOLLECT_FRONTEND_API_URL?.trim() ?? '';
	if (!token && !clientToken && interactive) {
		baseUrl ||= (await ask(`Base URL [${DEFAULT_BASE_URL}]: `, false)) || DEFAULT_BASE_URL;
		const way = await ask(
			'Sign in with (1) an access token or (2) a client token + Frontend API URL? [1]: ',
			false,
		);
		if (way === '2') {
			clientToken = await ask('Client token (not shown): ', true);
			frontendApiUrl = await ask('Frontend API URL: ', false);
		} else {
			token = await ask('Access token (not shown): ', true);
		}
	}
	if (clientToken && !frontendApiUrl && interactive)
		frontendApiUrl = await ask('Frontend API URL: ', false);
	if (!token && !(clientToken && frontendApiUrl)) return undefined;
	const sendClientAs = env.WATCHCOLLECT_SEND_CLIENT_AS?.trim() === 'cookie' ? 'cookie' : 'header';
	return {
		baseUrl: baseUrl || DEFAULT_BASE_URL,
		token: clientToken ? undefined : token,
		signIn: clientToken
			? {
					clientToken,
					frontendApiUrl,
					clerkSessionId: env.WATCHCOLLECT_CLERK_SESSION_ID?.trim() || undefined,
					sendClientAs,
				}
			: undefined,
	};
}
