import type { IAuthenticateGeneric, ICredentialTestRequest } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { WatchCollectApi } from '../../credentials/WatchCollectApi.credentials';

const credential = new WatchCollectApi();

describe('watchCollectApi credential', () => {
	it('is named as workflows store it', () => {
		expect(credential.name).toBe('watchCollectApi');
		expect(credential.displayName).toBe('WatchCollect API');
	});

	it('stores the token in a required password field and defaults the Base URL to production', () => {
		const token = credential.properties.find((p) => p.name === 'accessToken');
		expect(token).toMatchObject({
			type: 'string',
			required: true,
			typeOptions: { password: true },
		});
		expect(token?.hint).toMatch(/WatchCollect/);
		expect(
			NodeHelpers.getNodeParameters(credential.properties, {}, true, false, null, null),
		).toEqual({
			accessToken: '',
			baseUrl: 'https://api-v2.watchcollect.com',
		});
	});

	it('sends the token as a bearer header through a generic authenticate (forms: forms.test.ts)', () => {
		const auth = credential.authenticate as IAuthenticateGeneric;
		expect(auth.type).toBe('generic');
		expect(Object.keys(auth.properties.headers ?? {})).toEqual(['Authorization']);
		expect(auth.properties.headers?.Authorization).toMatch(
			/^=\{\{ "Bearer " \+ .*\$credentials\.accessToken/,
		);
	});

	it('tests with the read-only list call', () => {
		const { request } = credential.test as ICredentialTestRequest;
		expect(request).toMatchObject({
			method: 'GET',
			url: '/v2/sessions',
			qs: { role: 'receiving' },
		});
	});
});
