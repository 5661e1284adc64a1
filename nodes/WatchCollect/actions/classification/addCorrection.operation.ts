import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { invalidParameter, readOptions } from '../../helpers/parameters';
import { refusedWrite, requestWrite } from '../../helpers/writeRequest';
import { answerText, writeResult } from '../../helpers/writeResult';
import {
	buildWatch,
	checkOutputJson,
	correctionAnswerContract,
} from '../../schemas/classification';
import { classificationIdField, readClassificationId, showFor } from './fields';

const show = showFor(['addCorrection']);
const fieldsMode = { show: { ...show.show, correctionMode: ['fields'] } };
const jsonMode = { show: { ...show.show, correctionMode: ['json'] } };

const text = (displayName: string, name: string, placeholder: string, description: string) => ({
	displayName,
	name,
	type: 'string' as const,
	default: '',
	placeholder,
	description,
});

export const description: INodeProperties[] = [
	classificationIdField(show),
	{
		displayName: 'Correction',
		name: 'correctionMode',
		type: 'options',
		options: [
			{ name: 'From Fields', value: 'fields', description: 'Fill in each watch' },
			{ name: 'From JSON', value: 'json', description: 'Give the whole output object as JSON' },
		],
		default: 'fields',
		description: 'How the corrected output is given',
		displayOptions: show,
	},
	{
		displayName: 'Watches',
		name: 'watches',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Watch',
		default: {},
		description:
			"Every watch the message really offers or asks for: the corrected output replaces the AI's list of watches (no watches: the message has none)",
		displayOptions: fieldsMode,
		options: [
			{
				displayName: 'Watch',
				name: 'watch',
				values: [
					text('Brand', 'brand', 'e.g. Rolex', 'Brand of the watch'),
					text('Currency Code', 'currencyCode', 'e.g. EUR', 'Currency of the price, 3 letters'),
					text('Dial', 'dialType', 'e.g. Wimbledon', 'Dial type'),
					text(
						'Full Set Status',
						'fullSetStatus',
						'e.g. box, papers',
						'Full-set states, separated by commas (the values a classification shows)',
					),
					text('Model', 'model', 'e.g. Datejust 41', 'Model of the watch'),
					{
						displayName: 'Price Amount',
						name: 'priceAmount',
						type: 'string',
						default: '',
						placeholder: 'e.g. 12950',
						description:
							"The price as the classification's own price_amount gives it (WatchCollect does not document whether in whole units or cents: copy the form of the classification you correct)",
					},
					text('Reference', 'reference', 'e.g. 126334', 'Reference number of the watch'),
					text('Variant', 'variant', 'e.g. Jubilee', 'Variant of the watch'),
					text('Year', 'year', 'e.g. 2023', 'Year as written (a classification keeps it as text)'),
				],
			},
		],
	},
	{
		displayName: 'Output (JSON)',
		name: 'outputJson',
		type: 'json',
		default: '{\n  "watches": [\n    { "brand": "Rolex", "reference": "126610LN" }\n  ]\n}',
		description:
			'The corrected output object, sent as "output", e.g. {"watches": [Watch, …]} with the fields of a classification\'s watches',
		displayOptions: jsonMode,
	},
	{
		displayName:
			'WatchCollect appends each correction it receives and has no idempotency key for them: this node sends it once, but Retry On Fail (or running the workflow again) after a lost answer may append the same correction twice',
		name: 'correctionNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	optionsCollection(show, [timeoutOption]),
];

/** The `output` of the item's correction, or a NodeOperationError naming the bad value. */
function readOutput(this: IExecuteFunctions, i: number): IDataObject {
	const mode = this.getNodeParameter('correctionMode', i, 'fields');
	if (mode === 'json') {
		const checked = checkOutputJson(this.getNodeParameter('outputJson', i, '{}'));
		if (!checked.ok) throw invalidParameter.call(this, i, checked.message);
		return checked.output as IDataObject;
	}
	if (mode !== 'fields')
		throw invalidParameter.call(
			this,
			i,
			`Correction (correctionMode): '${String(mode)}' is not 'fields' or 'json'`,
		);
	const collection = this.getNodeParameter('watches', i, {}) as IDataObject;
	const list = (collection.watch ?? []) as IDataObject[];
	const watches = [];
	for (const [n, fields] of (Array.isArray(list) ? list : [list]).entries()) {
		const built = buildWatch(fields ?? {}, n + 1);
		if (!built.ok) throw invalidParameter.call(this, i, built.message);
		watches.push(built.watch);
	}
	return { watches } as IDataObject;
}

const OUTCOMES: Record<string, string> = {
	accepted: 'accepted',
	duplicate_accepted: 'duplicate',
	conflict: 'conflict',
	noop: 'noop',
};

/**
 * POST /v2/classifications/{id}/corrections, sent once (never repeated by the node: no
 * idempotency key exists). A 2xx answer is a success whatever its shape, with `warnings` naming
 * what was odd; only `status: "rejected"` is an error.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = readClassificationId.call(this, i);
	const output = readOutput.call(this, i);
	const options = readOptions.call(this, i);
	const answer = await requestWrite.call(this, {
		method: 'POST',
		path: `/v2/classifications/${encodeURIComponent(id)}/corrections`,
		body: { output },
		itemIndex: i,
		timeout: options.timeout as number | undefined,
		// no idempotency key: a repeat could append the correction twice
		retryLostAnswer: false,
		lostAnswerAdvice:
			'WatchCollect may have appended the correction before its answer was lost, so the node did not send it again (that could append it twice). Look at the classification (Classification › Get, or in WatchCollect) before sending the correction again.',
	});
	const status = answerText(answer.body, 'status');
	if (status === 'rejected')
		throw refusedWrite.call(
			this,
			i,
			answer.body,
			'the correction',
			'The classification was not changed. Check the watches of the correction.',
		);
	const outcome = status !== undefined && OUTCOMES[status] ? OUTCOMES[status] : 'sent';
	const json = writeResult(answer, {
		done: 'WatchCollect accepted the correction',
		documented: correctionAnswerContract,
		branches: { status: 'the node counts the correction as sent' },
		prefix: { outcome, classification_id: id, output_sent: output },
	});
	return [{ json, pairedItem: { item: i } }];
}
