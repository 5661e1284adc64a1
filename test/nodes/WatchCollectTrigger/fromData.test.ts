/**
 * The trigger's market options from an expression that gives text (n8n's Variables, $vars, are
 * always text): "false" / "no" / "0" turn Skip Hidden, Duplicate or Revoked off as false does.
 */
import type { IDataObject } from 'n8n-workflow';

import { startSimulator, type Simulator } from '../../simulator/simulator';
import { createPollHarness } from '../../support/execute-workflow';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

const harness = (parameters: IDataObject) =>
	createPollHarness({
		parameters,
		credentials: { accessToken: 'sim-valid-token', baseUrl: sim.url },
	});

it.each(['false', 'FALSE', ' no ', '0'])(
	'Skip Hidden, Duplicate or Revoked given as the text %j is off: the hidden listing is emitted',
	async (text) => {
		const h = harness({
			event: 'newCheapListing',
			options: { skipInactiveSources: `={{ ${JSON.stringify(text)} }}` },
		});
		expect(await h.poll()).toBeNull();
		const hidden = sim.market.addCheapListing({
			reference: '126610LN',
			percent_below: 30,
			is_hidden: true,
		});
		const result = await h.poll();
		expect((result?.[0] ?? []).map((i) => i.json.id)).toEqual(
			hidden.listings.map((l: Record<string, unknown>) => String(l.id)),
		);
	},
);

it('given as the text "true" it stays on: the hidden listing is skipped', async () => {
	const h = harness({
		event: 'newCheapListing',
		options: { skipInactiveSources: '={{ "true" }}' },
	});
	await h.poll();
	sim.market.addCheapListing({ reference: '126610LN', percent_below: 30, is_hidden: true });
	expect(await h.poll()).toBeNull();
});
