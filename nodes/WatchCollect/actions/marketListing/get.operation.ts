import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { readableListing } from '../../helpers/marketReadable';
import { invalidParameter, readOptions } from '../../helpers/parameters';
import { checkListingId, marketListingSchema } from '../../schemas/market';
import { watchCollectApiRequest } from '../../transport';
import { showFor } from './fields';

const show = showFor(['get']);

export const description: INodeProperties[] = [
	{
		displayName: 'Listing ID',
		name: 'listingId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f',
		description:
			'The listing: the ID (a UUID) of a listing from Search, Search Cheap Listings or the trigger',
		displayOptions: show,
	},
	optionsCollection(show, [timeoutOption]),
];

/** GET /v2/market/listings/{listing_id}: one readable item. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const checked = checkListingId(this.getNodeParameter('listingId', i, ''));
	if (!checked.ok) throw invalidParameter.call(this, i, checked.message);
	const options = readOptions.call(this, i);
	const listing = await watchCollectApiRequest.call(this, {
		method: 'GET',
		path: `/v2/market/listings/${encodeURIComponent(checked.id)}`,
		responseSchema: marketListingSchema,
		itemIndex: i,
		timeout: options.timeout as number | undefined,
	});
	return [{ json: readableListing(listing as IDataObject), pairedItem: { item: i } }];
}
