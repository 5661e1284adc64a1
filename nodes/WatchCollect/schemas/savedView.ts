/**
 * Saved views: POST /v2/views/{view_id}/preview [REF]. A view's items are MessageCards for a
 * message view; `market_listing_card` and `contact_profile_card` views have item shapes the
 * contract does not give [UNKNOWN], so items are only required to be JSON objects and are handed
 * over as they come.
 */
import { z } from 'zod';

export const viewItemSchema = z.record(z.unknown());

export const VIEW_LABELS: Record<string, string> = { viewId: 'Saved View ID' };

export const viewIdParameterSchema = z.object({
	viewId: z
		.union([z.string(), z.number()], {
			errorMap: () => ({ message: "is required: the saved view's ID from WatchCollect's web app" }),
		})
		.transform((v) => String(v).trim())
		.pipe(
			z
				.string()
				.min(1, "is required: the saved view's ID from WatchCollect's web app")
				.uuid('must be a saved view ID (a UUID such as 6f1c9a52-3b8e-4d7a-9c1e-2f4b5a6d7e8f)'),
		),
});
