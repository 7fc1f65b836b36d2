import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { firstText, searchPage } from '../../shared/listSearch';
import { listRewards, streamMembers } from '../api';

/**
 * Rewards of the hub (one unpaged `GET /external/rewards`) by name, ID or UUID. The value is the
 * UUID, which every reward field accepts (Publish/Unpublish take the ID or the UUID, Send Perk the
 * UUID); the numeric ID when a reward has no UUID.
 * @public n8n calls it by name (a locator's searchListMethod)
 */
export async function searchRewards(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchPage(await listRewards.call(this), {
		filter,
		paginationToken,
		text: (reward) => [reward.name, reward.title, reward.id, reward.uuid],
		toItem: (reward) => {
			const value = firstText(reward.uuid, reward.id);
			if (!value) return undefined;
			const name = firstText(reward.name, reward.title) ?? `Reward ${value}`;
			return {
				name:
					reward.published === false || reward.published === 'false'
						? `${name} (unpublished)`
						: name,
				value,
			};
		},
	});
}

/**
 * Every member (`GET /contacts?q[status]=all`, streamed page by page) by name or email; the value is the member ID.
 * @public n8n calls it by name (a locator's searchListMethod)
 */
export async function searchMembers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchPage(streamMembers.call(this), {
		filter,
		paginationToken,
		text: (member) => [
			fullName(member),
			member.first_name,
			member.last_name,
			member.email,
			member.id,
		],
		toItem: (member) => {
			const id = firstText(member.id, member.uuid);
			if (!id) return undefined;
			const email = firstText(member.email);
			const name = fullName(member) || email || `Member ${id}`;
			return { name: email && name !== email ? `${name} <${email}>` : name, value: id };
		},
	});
}

function fullName(member: IDataObject): string {
	return (
		firstText(member.name, member.full_name) ??
		[firstText(member.first_name), firstText(member.last_name)].filter(Boolean).join(' ')
	);
}
