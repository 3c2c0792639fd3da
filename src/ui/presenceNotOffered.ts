import { builtCloud } from '../host/buildSettings';

/**
 * What the board says where the cloud's Microsoft Graph offers no presence (China, operated by 21Vianet:
 * src/host/clouds.ts `offers.presence`): everyone is listed with status unknown, and one line says why.
 * Kept apart from strings.ts, in the same two languages.
 */
export interface PresenceNotOfferedTexts {
  /** The one line above the list. */
  notice: string;
  /** The header's count, instead of "0 online". */
  count: (people: string) => string;
  /** A wall display's empty screen (it shows who is online: no one can be). */
  wall: string;
}

export function presenceNotOfferedTexts(language: string, cloudName: string): PresenceNotOfferedTexts {
  return language === 'de'
    ? {
        notice: `Präsenz ist in ${cloudName} nicht verfügbar: Microsoft Graph bietet dort keine an, daher steht jede Person mit unbekanntem Status in der Liste.`,
        count: (people) => `${people} Personen · Status unbekannt`,
        wall: `Präsenz ist in ${cloudName} nicht verfügbar: Microsoft Graph bietet dort keine an, daher kann eine Wandanzeige nicht zeigen, wer online ist.`,
      }
    : {
        notice: `Presence isn't available in ${cloudName}: Microsoft Graph offers none there, so everyone is listed with status unknown.`,
        count: (people) => `${people} people · status unknown`,
        wall: `Presence isn't available in ${cloudName}: Microsoft Graph offers none there, so a wall display cannot show who is online.`,
      };
}

/** The built cloud's name where its Graph offers no presence (src/host/clouds.ts `offers`), else undefined. */
export function presenceUnknownIn(): string | undefined {
  const cloud = builtCloud();
  return cloud.offers.presence === 'yes' ? undefined : cloud.name;
}

/** A wall display's line, where `cloudName` (a cloud without presence) is given; else null. */
export function presenceNotOfferedOnWall(language: string, cloudName: string | undefined): string | null {
  return cloudName === undefined ? null : presenceNotOfferedTexts(language, cloudName).wall;
}
