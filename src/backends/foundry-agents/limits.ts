// The limits of Foundry's named, versioned agents that the official schemas state only in prose
// (or not in the part a client sends), each stated once here with its source. The limits the
// schemas do state (name ≤ 63, description ≤ 512, temperature 0–2, top_p 0–1, file_ids ≤ 50) are
// read from the extracted schemas (spec.ts) by whoever needs them; schema/foundry-agent.schema.json
// repeats both kinds for editors, and a test compares it with these and with the official schemas.
// Sources: ../shared/azure-foundry — [M] agents-v2-typespec/models.tsp, [CM] common-models.tsp,
// [J] agents-v2-json-schema/CreateAgentRequest.json, [Y] agents-v2.paths-excerpt.yaml.
import { slugify } from '../../util/slug.js';

/**
 * An agent's name: "Must start and end with alphanumeric characters, can contain hyphens in the
 * middle, must not exceed 63 characters" ([M] CreateAgentRequest.name; [Y] the versions path's
 * agent_name). The schemas enforce only maxLength 63; the prose says nothing of case or
 * underscores, so upper case is allowed and underscores are not (the conservative reading).
 */
export const AGENT_NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
export const AGENT_NAME_RULE = 'letters, digits and hyphens, starting and ending with a letter or digit, at most 63 characters';

/**
 * A valid agent name made of `given` (`Billing Support!` → `billing-support`, `Café_Bot` →
 * `cafe-bot`), by the rule above ([M] CreateAgentRequest.name): in lower case (whether the service tells names apart by case is not documented:
 * see migrate.ts agentName), accents dropped, every run of characters AGENT_NAME_PATTERN does not
 * allow made one `-`, cut at a word below 63 characters (util/slug.ts slugify). Undefined when no
 * ASCII letter or digit is left (`支援`).
 */
export function proposedAgentName(given: string): string | undefined {
  // slugify keeps ASCII letters, digits and inner hyphens, and cuts below 63: a valid name, or ''.
  return slugify(given) || undefined;
}

/** "Set of 16 key-value pairs … keys max 64 characters, values max 512" ([CM] MetadataPropertyForRequest). */
export const METADATA_LIMITS = { maxPairs: 16, keyMax: 64, valueMax: 512 } as const;

/** "Limit can range between 1 and 100, and the default is 20" ([CM] PageLimitQueryParameter). */
export const PAGE_LIMITS = { min: 1, max: 100, default: 20 } as const;

/** `info.version: v1` ([Y]); every operation requires `api-version` ([Y] parameters). */
export const API_VERSION = 'v1';

/** file_search `max_num_results`: "should be between 1 and 50 inclusive" ([J] FileSearchTool). */
export const MAX_NUM_RESULTS = { min: 1, max: 50 } as const;

/** ranking_options `score_threshold`: "a number between 0 and 1" ([J] RankingOptions). */
export const SCORE_THRESHOLD = { min: 0, max: 1 } as const;

/** text.format json_schema `name`: "a-z, A-Z, 0-9, or contain underscores and dashes, with a maximum length of 64" ([J] TextResponseFormatJsonSchema). */
export const FORMAT_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
