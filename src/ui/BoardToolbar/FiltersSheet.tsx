import { Button, DrawerBody, DrawerHeader, DrawerHeaderTitle, OverlayDrawer } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons/svg/dismiss';
import type { ReactNode } from 'react';

export interface FiltersSheetProps {
  open: boolean;
  title: string;
  closeLabel: string;
  onClose: () => void;
  classes: { sheet: string; body: string; touch: string };
  children: ReactNode;
}

/**
 * The phone's Filters, in a sheet from the bottom of the screen (a Fluent OverlayDrawer: a modal
 * dialog that keeps focus inside and gives it back to the Filters button on Escape or Close).
 * Its code is loaded the first time it opens, so the first paint does not carry it.
 */
export default function FiltersSheet({ open, title, closeLabel, onClose, classes, children }: FiltersSheetProps) {
  // Kept mounted once opened and closed through `open`: the drawer then gives the page back (focus,
  // and the rest of the page to screen readers) as it closes, which unmounting it would not.
  return (
    <OverlayDrawer position="bottom" open={open} onOpenChange={(_, data) => (data.open ? undefined : onClose())} className={classes.sheet}>
      <DrawerHeader>
        <DrawerHeaderTitle
          action={
            <Button appearance="subtle" className={classes.touch} aria-label={closeLabel} icon={<DismissRegular />} onClick={onClose} />
          }
        >
          {title}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody className={classes.body}>{children}</DrawerBody>
    </OverlayDrawer>
  );
}
