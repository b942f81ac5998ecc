import {
  Sidebar,
  SidebarDivider,
  SidebarItem,
  SidebarPage,
  SidebarSpace,
} from '@backstage/core-components';
import CategoryIcon from '@material-ui/icons/Category';
import DirectionsIcon from '@material-ui/icons/Directions';
import WhatshotIcon from '@material-ui/icons/Whatshot';
import { PropsWithChildren } from 'react';

/** The legacy app's sidebar: the catalog and the Customer Impact pages. */
export const Root = ({ children }: PropsWithChildren<{}>) => (
  <SidebarPage>
    <Sidebar>
      <SidebarItem icon={CategoryIcon} to="catalog" text="Catalog" />
      <SidebarDivider />
      <SidebarItem
        icon={DirectionsIcon}
        to="golden-paths"
        text="Golden paths"
      />
      <SidebarItem
        icon={WhatshotIcon}
        to="customer-impact"
        text="Customer impact"
      />
      <SidebarSpace />
    </Sidebar>
    {children}
  </SidebarPage>
);
