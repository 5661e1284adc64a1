import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { optionsCollection, timeoutOption } from '../../descriptions/options';
import { invalidParameter, readOptions } from '../../helpers/parameters';
import { checkSendingSession } from '../../helpers/sendingSession';
import { requestWrite, refusedWrite } from '../../helpers/writeRequest';
import { answerText, writeResult } from '../../helpers/writeResult';
import { describeZodError } from '../../schemas/common';
import {
	MAX_GROUPS,
	MAX_IDEMPOTENCY_KEY_LENGTH,
	MAX_MEDIA,
	MAX_TEXT_LENGTH,
	sendAnswerContract,
} from '../../schemas/outbound';
import {
	OUTBOUND_LABELS,
	SEND_FIELD_TO_PARAMETER,
	sendParametersSchema,
} from '../../schemas/outboundParameters';
import { sendingSessionLocator, showFor } from './fields';

const show = showFor(['send']);
const scheduled = showFor(['send'], { when: ['schedule'] });

export const description: INodeProperties[] = [
	sendingSessionLocator,
	{
		displayName: 'Group Names or IDs',
		name: 'groupIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getGroups', loadOptionsDependsOn: ['sessionId.value'] },
		required: true,
		default: [],
		description: `The groups to post to, 1 to ${MAX_GROUPS}: internal group IDs (UUIDs, as in a message's group_ids). The list shows groups from this session's earlier sends and from recent messages. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
		displayOptions: show,
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description: `The message, at most ${MAX_TEXT_LENGTH} characters; with images it is their caption. Needed when no image is sent.`,
		displayOptions: show,
	},
	{
		displayName: 'Image URLs',
		name: 'imageUrls',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'e.g. https://example.com/submariner.jpg',
		description: `Up to ${MAX_MEDIA} images to post, as http(s) URLs: one per line or separated by commas (an expression may give an array)`,
		displayOptions: show,
	},
	{
		displayName: 'When',
		name: 'when',
		type: 'options',
		options: [
			{ name: 'Now', value: 'now', description: 'Send right away' },
			{
				name: 'On a Schedule',
				value: 'schedule',
				description: 'WatchCollect sends at a time you set, once or repeatedly',
			},
		],
		default: 'now',
		displayOptions: show,
	},
	{
		displayName: 'First Run At',
		name: 'firstRunAt',
		type: 'dateTime',
		default: '',
		description: 'When WatchCollect sends the first time (required for a scheduled send)',
		displayOptions: scheduled,
	},
	{
		displayName: 'Number of Runs',
		name: 'occurrences',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description: 'How many times to send (1: once, at First Run At)',
		displayOptions: scheduled,
	},
	{
		displayName: 'Repeat Every',
		name: 'interval',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description: 'Time between two runs, in the unit below (used when there is more than one run)',
		displayOptions: scheduled,
	},
	{
		displayName: 'Repeat Unit',
		name: 'intervalUnit',
		type: 'options',
		options: [
			{ name: 'Minutes', value: 'minutes' },
			{ name: 'Hours', value: 'hours' },
			{ name: 'Days', value: 'days' },
			{ name: 'Weeks', value: 'weeks' },
		],
		default: 'weeks',
		displayOptions: scheduled,
	},
	optionsCollection(show, [
		{
			displayName: 'Idempotency Key',
			name: 'idempotencyKey',
			type: 'string',
			default: '',
			placeholder: 'e.g. offer-{{ $json.offer_id }}',
			description: `Sends with the same key are posted only once (WatchCollect answers "duplicate"). By default the key is made from the workflow, the execution, this node and the item, so retries of this execution never post twice. Set it from your data (1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters) to post each offer once across executions too.`,
		},
		timeoutOption,
	]),
];

/**
 * The default idempotency key: the same for every retry of this node within this execution
 * (Retry On Fail, a worker picking the execution up again), different for every other item,
 * node, execution and workflow.
 */
export function defaultIdempotencyKey(ctx: IExecuteFunctions, i: number): string {
	const workflowId = ctx.getWorkflow().id ?? 'unsaved';
	return `n8n:${workflowId}:${ctx.getExecutionId()}:${ctx.getNode().id}:${i}`;
}

/** POST /v2/outbound/sends: now, or as a schedule; one output item saying sent/scheduled/duplicate. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const options = readOptions.call(this, i);
	const timeout = options.timeout as number | undefined;
	const when = this.getNodeParameter('when', i, 'now');
	const parsed = sendParametersSchema.safeParse({
		sessionId: this.getNodeParameter('sessionId', i, '', { extractValue: true }),
		groupIds: this.getNodeParameter('groupIds', i, []),
		text: this.getNodeParameter('text', i, ''),
		imageUrls: this.getNodeParameter('imageUrls', i, ''),
		when,
		firstRunAt: when === 'schedule' ? this.getNodeParameter('firstRunAt', i, '') : undefined,
		occurrences: when === 'schedule' ? this.getNodeParameter('occurrences', i, 1) : undefined,
		interval: when === 'schedule' ? this.getNodeParameter('interval', i, 1) : undefined,
		intervalUnit:
			when === 'schedule' ? this.getNodeParameter('intervalUnit', i, 'weeks') : undefined,
		idempotencyKey:
			options.idempotencyKey !== undefined
				? options.idempotencyKey
				: defaultIdempotencyKey(this, i),
	});
	if (!parsed.success) {
		throw invalidParameter.call(
			this,
			i,
			describeZodError(parsed.error, OUTBOUND_LABELS, SEND_FIELD_TO_PARAMETER),
		);
	}
	const body = parsed.data;
	const sessionWarnings = await checkSendingSession.call(this, i, body.session_id, timeout);
	const answer = await requestWrite.call(this, {
		method: 'POST',
		path: '/v2/outbound/sends',
		body: body as unknown as IDataObject,
		itemIndex: i,
		timeout,
		// safe to repeat: the same body with the same idempotency key is posted once
		retryLostAnswer: true,
	});
	const status = answerText(answer.body, 'status');
	if (status === 'rejected') throw refusedWrite.call(this, i, answer.body, 'the send');
	const duplicate = status === 'duplicate_accepted';
	const outcome = duplicate ? 'duplicate' : body.schedule ? 'scheduled' : 'sent';
	const json = writeResult(answer, {
		done: `WatchCollect accepted the ${body.schedule ? 'scheduled send' : 'send'}`,
		documented: sendAnswerContract,
		branches: { status: `the node counts it as ${outcome}` },
		prefix: { outcome, duplicate, idempotency_key: body.idempotency_key },
		warnings: sessionWarnings,
	});
	return [{ json, pairedItem: { item: i } }];
}
