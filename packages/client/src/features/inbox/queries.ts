import { graphql, type ResultOf } from "../../app/graphql";

export const NotificationFields = graphql(`
  fragment NotificationFields on Notification {
    id subject body createdAt readAt
    evaluation { id period grade process { code } }
    action { id title }
    alert { id }
    incident { id }
    feedback { id }
  }
`);
export type InboxItem = ResultOf<typeof NotificationFields>;

export const UNREAD_COUNT_QUERY = graphql(`query UnreadCount { unreadNotificationCount }`);

export const INBOX_QUERY = graphql(
  `
  query Inbox($unread: Boolean) { notifications(first: 100, unread: $unread) { edges { node { ...NotificationFields } } } }
`,
  [NotificationFields],
);

export const NOTIFICATION_ADDED = graphql(
  `
  subscription NotificationAdded { notificationAdded { ...NotificationFields } }
`,
  [NotificationFields],
);

export const MARK_READ = graphql(
  `
  mutation MarkNotificationsRead($ids: [ID!]!) { markNotificationsRead(ids: $ids) { unreadCount notifications { id readAt } } }
`,
);
