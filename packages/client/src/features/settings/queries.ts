import { enumValues, graphql } from "../../app/graphql";

export const SETTINGS_QUERY = graphql(`
  query Settings($id: ID!) {
    node(id: $id) { ... on User { id locale timeZone notificationPreferences { levels channels quietHours { start end } } dailyDigest { enabled hour } } }
  }
`);
export const UPDATE_SETTINGS = graphql(`
  mutation UpdateMySettings($input: UpdateMySettingsInput!) {
    updateMySettings(input: $input) { id locale timeZone notificationPreferences { levels channels quietHours { start end } } dailyDigest { enabled hour } }
  }
`);
export const CHANGE_PASSWORD = graphql(`mutation ChangePassword($current: String!, $password: String!) { changePassword(input: { current: $current, password: $password }) }`);

export const LEVELS = enumValues<"AlertLevel">({ WARNING: true, CRITICAL: true });
export const CHANNELS = enumValues<"PreferenceChannel">({ IN_APP: true, EMAIL: true });
