/**
 * The market filters, one description for every market operation of the WatchCollect node and
 * for the trigger's market events: a "Filters" collection (nothing in it is required). Its values
 * become a request body through schemas/marketSearch.ts (`buildMarketSearchBody`), the one place
 * that knows the API's filter keys. Option lists come from Market Facet (methods/marketOptions.ts).
 */
import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';

import { invalidParameter } from '../helpers/parameters';
import { buildMarketSearchBody } from '../schemas/marketSearch';

const UUID_PLACEHOLDER = 'e.g. 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f';
const EXPRESSION =
	'An expression may give an array or text separated by commas. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.';

const facetList = (
	displayName: string,
	name: string,
	method: string,
	what: string,
): INodeProperties => ({
	displayName,
	name,
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: method },
	default: [],
	description: `Only listings with one of these ${what}. The list shows the values WatchCollect has seen, with their number of listings (Market Facet). ${EXPRESSION}`,
});

/** The filters, in the panel's (alphabetical) order. Parameter names are public: never rename. */
export const marketFilterOptions: INodeProperties[] = [
	facetList('Brand Names or IDs', 'brand', 'getMarketBrands', 'brands (e.g. Rolex)'),
	facetList('Condition Names or IDs', 'condition', 'getMarketConditions', 'conditions (e.g. NEW)'),
	{
		displayName: 'Country Codes',
		name: 'countryCodesInclude',
		type: 'string',
		default: '',
		placeholder: 'e.g. 31, 852',
		description:
			"Only listings whose sender's phone number has one of these country calling codes (digits, separated by commas)",
	},
	facetList('Dial Names or IDs', 'dialType', 'getMarketDialTypes', 'dial types (e.g. Wimbledon)'),
	{
		displayName: 'Exclude Country Codes',
		name: 'countryCodesExclude',
		type: 'string',
		default: '',
		placeholder: 'e.g. 86',
		description:
			"Leave out listings whose sender's phone number has one of these country calling codes (digits, separated by commas)",
	},
	{
		displayName: 'Exclude Phone Numbers',
		name: 'phoneNumbersExclude',
		type: 'string',
		default: '',
		placeholder: 'e.g. 85212345678',
		description:
			'Leave out listings sent from these phone numbers (country code and number, separated by commas; +, spaces and dashes are fine)',
	},
	facetList(
		'Full Set Names or IDs',
		'fullSetStatus',
		'getMarketFullSetStatus',
		'full-set states (box and papers)',
	),
	{
		displayName: 'Group Names or IDs',
		name: 'groupIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getMarketGroups' },
		default: [],
		description:
			'Only listings from messages seen in these WhatsApp groups (internal group IDs, UUIDs, as in a listing\'s source.group_ids). The list shows the groups of Market Facet with their number of listings. An expression may give an array or text separated by commas. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'string',
		default: '',
		placeholder: 'e.g. Submariner, Daytona',
		description:
			'Only listings of these models (separated by commas, or an array from an expression)',
	},
	{
		displayName: 'Phone Numbers',
		name: 'phoneNumbersInclude',
		type: 'string',
		default: '',
		placeholder: 'e.g. 31612345678',
		description:
			'Only listings sent from these phone numbers (country code and number, separated by commas; +, spaces and dashes are fine)',
	},
	{
		displayName: 'Price Currency',
		name: 'priceCurrency',
		type: 'string',
		default: 'EUR',
		placeholder: 'e.g. EUR',
		description: 'The currency of Price From and Price To (3 letters, e.g. EUR, USD, HKD)',
	},
	{
		displayName: 'Price From',
		name: 'priceFrom',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		placeholder: 'e.g. 9500',
		description:
			'Lowest price, in whole currency units as a dealer writes it (e.g. 12950 for €12,950)',
		hint: 'Entered in major units (12950 = €12,950); sent to WatchCollect in minor units of Price Currency (EUR cents: 1295000; JPY has none: as entered)',
	},
	{
		displayName: 'Price To',
		name: 'priceTo',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		placeholder: 'e.g. 12950',
		description:
			'Highest price, in whole currency units as a dealer writes it (e.g. 12950 for €12,950)',
		hint: 'Entered in major units (12950 = €12,950); sent to WatchCollect in minor units of Price Currency (EUR cents: 1295000; JPY has none: as entered)',
	},
	{
		displayName: 'Reference Names or IDs',
		name: 'reference',
		type: 'multiOptions',
		typeOptions: {
			loadOptionsMethod: 'getMarketReferences',
			loadOptionsDependsOn: ['filters.brand'],
		},
		default: [],
		description:
			'Only listings of these references (e.g. 126610LN). The list shows the references WatchCollect aggregates (of the chosen brands), with their number of listings. An expression may give an array or text separated by commas. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Saved View ID',
		name: 'viewId',
		type: 'string',
		default: '',
		placeholder: UUID_PLACEHOLDER,
		description:
			"Only listings that also match this saved view's filters (defined in WatchCollect's web app): the view's UUID",
	},
	{
		displayName: 'Side',
		name: 'side',
		type: 'multiOptions',
		options: [
			{ name: 'For Sale', value: 'for_sale', description: 'Offers: a dealer sells this watch' },
			{
				name: 'Want to Buy',
				value: 'want_to_buy',
				description: 'Requests: a dealer looks for this watch',
			},
		],
		default: [],
		description: 'Only offers (for sale), only requests (want to buy), or both when empty',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		default: '',
		placeholder: 'e.g. Rolex 126610LN',
		description: 'Free text WatchCollect searches for in the listings',
	},
	facetList('Variant Names or IDs', 'variant', 'getMarketVariants', 'variants'),
	{
		displayName: 'Year From',
		name: 'yearFrom',
		type: 'number',
		typeOptions: { minValue: 1800, maxValue: 2200, numberPrecision: 0 },
		default: 2020,
		description:
			'Only watches of this year (production or papers year as the dealer wrote it) or later',
	},
	{
		displayName: 'Year To',
		name: 'yearTo',
		type: 'number',
		typeOptions: { minValue: 1800, maxValue: 2200, numberPrecision: 0 },
		default: 2026,
		description: 'Only watches of this year or earlier',
	},
];

/** The Filters collection, shown for `show`. */
export function marketFiltersCollection(show: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show,
		options: marketFilterOptions,
	};
}

/**
 * The MarketSearchRequest of item `i` (without paging): its Filters and the given options, or a
 * NodeOperationError naming each bad value before any request.
 */
export function readMarketSearchBody(
	this: IExecuteFunctions,
	i: number,
	options: {
		displayCurrency?: unknown;
		sort?: { field?: unknown; direction?: unknown } | null;
	} = {},
): IDataObject {
	const result = buildMarketSearchBody({
		filters: this.getNodeParameter('filters', i, {}) as IDataObject,
		...options,
	});
	if (!result.ok) throw invalidParameter.call(this, i, result.message);
	return result.body;
}
