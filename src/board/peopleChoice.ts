/**
 * Whose people the board lists: everyone in the directory, the people the viewer works with
 * (`GET /me/people`, ranked by relevance), or the viewer's team (manager, peers, direct reports).
 *
 * `auto` is the choice of a viewer who never picked one: My people in a large tenant, where the
 * directory takes a while to list and most of it is strangers, and Everyone otherwise. "Large" is
 * LARGE_TENANT people or more, as the kept board holds or the directory's count (`@odata.count`,
 * on its first page) says; on a first visit the size is unknown until that first page, which comes
 * a round trip before the first rows either way, so the board never switches lists under the viewer.
 */
export type PeopleChoice = 'auto' | 'everyone' | 'mine' | 'team';

/** A list the board reads apart from the directory. */
export type PeopleList = 'mine' | 'team';

/** What a view shows: a list, or (`pending`) nothing yet while the list chosen is on its way. */
export type PeopleSource = 'everyone' | PeopleList | 'pending';

export const PEOPLE_CHOICES: readonly PeopleChoice[] = ['auto', 'everyone', 'mine', 'team'];

/** From this many people on, a viewer who never chose sees My people first. */
export const LARGE_TENANT = 5000;

/** How many of the viewer's most relevant people My people shows: one `/me/people` page, one presence call. */
export const MY_PEOPLE_TOP = 50;

/** A choice read from a link or storage (`people=mine`); anything else is undefined. */
export function peopleChoiceOf(value: unknown): PeopleChoice | undefined {
  return typeof value === 'string' && (PEOPLE_CHOICES as readonly string[]).includes(value) ? (value as PeopleChoice) : undefined;
}

/** Whether a tenant of `size` people (null: unknown) is large. */
export function isLargeTenant(size: number | null): boolean {
  return size !== null && size >= LARGE_TENANT;
}
