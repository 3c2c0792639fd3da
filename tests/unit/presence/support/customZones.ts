/** Graph's time zones as getSchedule writes them, shared by the presence tests. */

/** An ISO date-time without offset, read as UTC. */
export const utc = (iso: string) => Date.parse(`${iso}Z`);

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

/** Graph's own free/busy example: US Pacific as a custom zone. */
export const PACIFIC_CUSTOM = {
  '@odata.type': '#microsoft.graph.customTimeZone',
  bias: 480,
  name: 'Customized Time Zone',
  standardOffset: { time: '02:00:00.0000000', dayOccurrence: 1, dayOfWeek: 'sunday', month: 11, year: 0 },
  daylightOffset: { daylightBias: -60, time: '02:00:00.0000000', dayOccurrence: 2, dayOfWeek: 'sunday', month: 3, year: 0 },
};

/** W. Europe Standard Time as Windows defines it: last Sunday of March 02:00 → last Sunday of October 03:00. */
export const BERLIN_CUSTOM = {
  '@odata.type': '#microsoft.graph.customTimeZone',
  bias: -60,
  name: 'Customized Time Zone',
  standardOffset: { time: '03:00:00.0000000', dayOccurrence: 5, dayOfWeek: 'sunday', month: 10, year: 0 },
  daylightOffset: { daylightBias: -60, time: '02:00:00.0000000', dayOccurrence: 5, dayOfWeek: 'sunday', month: 3, year: 0 },
};

/** AUS Eastern Standard Time (Sydney): daylight from the first Sunday of October to the first Sunday of April. */
export const SYDNEY_CUSTOM = {
  '@odata.type': '#microsoft.graph.customTimeZone',
  bias: -600,
  name: 'Customized Time Zone',
  standardOffset: { time: '03:00:00.0000000', dayOccurrence: 1, dayOfWeek: 'sunday', month: 4, year: 0 },
  daylightOffset: { daylightBias: -60, time: '02:00:00.0000000', dayOccurrence: 1, dayOfWeek: 'sunday', month: 10, year: 0 },
};
