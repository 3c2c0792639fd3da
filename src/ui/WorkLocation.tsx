import { BuildingRegular } from '@fluentui/react-icons/svg/building';
import { HomeRegular } from '@fluentui/react-icons/svg/home';
import { WeatherSunnyRegular } from '@fluentui/react-icons/svg/weather-sunny';
import type { WorkLocation } from '../presence/types';
import { useStrings } from './strings';

/** The icon for each place someone works (chips, rows and tiles use the same). */
export const WORK_LOCATION_ICON = { office: BuildingRegular, remote: HomeRegular, timeOff: WeatherSunnyRegular } as const;

/** Where someone works today: an icon with its text (never the icon alone); nothing where it is not known. */
export function WorkLocationLabel({
  where,
  className,
  iconClassName,
}: {
  where: WorkLocation | null | undefined;
  className?: string;
  iconClassName?: string;
}) {
  const strings = useStrings();
  if (!where) return null;
  const Icon = WORK_LOCATION_ICON[where];
  return (
    <span className={className} data-work-location={where}>
      <Icon aria-hidden className={iconClassName} />
      {strings.workLocation[where]}
    </span>
  );
}
