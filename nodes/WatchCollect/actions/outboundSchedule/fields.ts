/** Fields the Outbound Schedule operations share. */
import { showForResource } from '../../descriptions/showFor';

export const showFor = showForResource('outboundSchedule');
