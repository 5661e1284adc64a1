/**
 * The market resources in the node's description: the operations a person and an AI agent see
 * (the tool variant n8n builds from a node with usableAsTool keeps its resources, operations and
 * their descriptions, and lets the agent fill parameters), the one shared Filters collection, and
 * nothing required that depends on another field.
 */
import type { INodeParameters, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { WatchCollect } from '../../../nodes/WatchCollect/WatchCollect.node';

const description = new WatchCollect().description;
const node = {
	id: 'n',
	name: 'WatchCollect',
	type: 'watchCollect',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};
const resolve = (values: INodeParameters) =>
	NodeHelpers.getNodeParameters(description.properties, values, true, false, node, description) ??
	{};
const shown = (values: INodeParameters) =>
	description.properties.filter((p) =>
		NodeHelpers.displayParameter(resolve(values), p, node, description),
	);
const operationsOf = (resource: string) =>
	(shown({ resource }).find((p) => p.name === 'operation')?.options ?? []) as Array<
		INodePropertyOptions & { action?: string }
	>;

describe('market resources as a person and an AI agent see them', () => {
	it('the node stays usable as a tool and offers the four market resources', () => {
		expect(description.usableAsTool).toBe(true);
		const resources = (description.properties.find((p) => p.name === 'resource')?.options ??
			[]) as INodePropertyOptions[];
		expect(resources.map((r) => r.value)).toEqual(
			expect.arrayContaining(['marketListing', 'marketReference', 'marketFacet', 'classification']),
		);
	});

	it.each([
		['marketListing', ['get', 'search', 'searchCheap'], 'search'],
		['marketReference', ['search'], 'search'],
		['marketFacet', ['get'], 'get'],
		['classification', ['addCorrection', 'get', 'getMany'], 'getMany'],
	])(
		'%s offers %j (default %s), each with an action and a description',
		(resource, operations, first) => {
			const options = operationsOf(resource);
			expect(options.map((o) => o.value)).toEqual(operations);
			expect(resolve({ resource }).operation).toBe(first);
			for (const o of options) {
				expect(o.action).toMatch(/^[A-Z][a-z]/);
				expect((o.description ?? '').length).toBeGreaterThan(40);
			}
		},
	);

	it('the descriptions point an agent at the right tool', () => {
		const describe = (resource: string, operation: string) =>
			operationsOf(resource).find((o) => o.value === operation)?.description ?? '';
		expect(describe('marketReference', 'search')).toMatch(/What does a watch reference trade at/);
		expect(describe('marketReference', 'search')).toMatch(/min, average, median and max/);
		expect(describe('marketListing', 'searchCheap')).toMatch(/below the market/);
		expect(describe('marketListing', 'search')).toMatch(/offered or wanted/);
		expect(describe('marketFacet', 'get')).toMatch(/Which values exist/);
		expect(describe('classification', 'addCorrection')).toMatch(
			/Retry On Fail may append the same correction twice/,
		);
	});

	it('Search, Search Cheap Listings, Reference Search and Facet Get share one Filters collection, nothing required', () => {
		const filtersOf = (resource: string, operation: string) =>
			shown({ resource, operation }).find((p) => p.name === 'filters') as INodeProperties;
		const listing = filtersOf('marketListing', 'search');
		const names = (listing.options as INodeProperties[]).map((o) => o.name);
		expect([...names].sort()).toEqual(
			[
				'viewId',
				'text',
				'side',
				'brand',
				'model',
				'reference',
				'yearFrom',
				'yearTo',
				'priceFrom',
				'priceTo',
				'priceCurrency',
				'condition',
				'dialType',
				'variant',
				'fullSetStatus',
				'countryCodesInclude',
				'countryCodesExclude',
				'phoneNumbersInclude',
				'phoneNumbersExclude',
				'groupIds',
			].sort(),
		);
		for (const [resource, operation] of [
			['marketListing', 'searchCheap'],
			['marketReference', 'search'],
			['marketFacet', 'get'],
		]) {
			expect(filtersOf(resource, operation).options).toBe(listing.options);
		}
		expect(listing.type).toBe('collection');
		for (const option of listing.options as INodeProperties[]) expect(option.required).toBeFalsy();
		const price = (listing.options as INodeProperties[]).find((o) => o.name === 'priceTo');
		expect(price?.hint).toMatch(/major units.*minor units/);
		const side = (listing.options as INodeProperties[]).find((o) => o.name === 'side');
		expect((side?.options as INodePropertyOptions[]).map((o) => o.value)).toEqual([
			'for_sale',
			'want_to_buy',
		]);
	});

	it('Sort offers only what the contract shows, and only on Market Listing › Search', () => {
		const sortOf = (resource: string, operation: string) =>
			(
				(shown({ resource, operation }).find((p) => p.name === 'options')?.options ??
					[]) as INodeProperties[]
			).find((o) => o.name === 'sort');
		const sort = sortOf('marketListing', 'search');
		const values = ((sort?.options ?? []) as Array<{ values: INodeProperties[] }>)[0].values;
		expect(
			values.map((v) => [v.name, (v.options as INodePropertyOptions[]).map((o) => o.value)]),
		).toEqual([
			['field', ['message_timestamp_ms']],
			['direction', ['desc']],
		]);
		expect(sortOf('marketListing', 'searchCheap')).toBeUndefined();
		expect(sortOf('marketReference', 'search')).toBeUndefined();
	});
});
