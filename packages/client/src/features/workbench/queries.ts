import { graphql, type ResultOf } from "../../app/graphql";

export const SavedQueryFields = graphql(`
  fragment SavedQueryFields on SavedQuery { id name query variables sharing mine updatedAt author { id name } }
`);
export type SavedQueryItem = ResultOf<typeof SavedQueryFields>;
export type Sharing = SavedQueryItem["sharing"];

export const SAVED_QUERIES = graphql(
  `
  query SavedQueries { savedQueries(first: 200) { edges { node { ...SavedQueryFields } } } }
`,
  [SavedQueryFields],
);

export const SAVED_QUERY = graphql(
  `
  query SavedQuery($id: ID!) { node(id: $id) { ... on SavedQuery { ...SavedQueryFields } } }
`,
  [SavedQueryFields],
);

export const SAVE_QUERY = graphql(
  `
  mutation SaveQuery($input: SaveQueryInput!) { saveQuery(input: $input) { ...SavedQueryFields } }
`,
  [SavedQueryFields],
);

export const UPDATE_SAVED_QUERY = graphql(
  `
  mutation UpdateSavedQuery($input: UpdateSavedQueryInput!) { updateSavedQuery(input: $input) { changedFields savedQuery { ...SavedQueryFields } } }
`,
  [SavedQueryFields],
);

export const DELETE_SAVED_QUERY = graphql(`
  mutation DeleteSavedQuery($id: ID!) { deleteSavedQuery(id: $id) { id } }
`);
