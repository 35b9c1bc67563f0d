import { enumValues, graphql } from "../../app/graphql";

export const PEOPLE_QUERY = graphql(`
  query People($search: String) {
    people(first: 200, search: $search) {
      totalCount
      edges { node { id name email roles disabledAt singleSignOn unit { id code name nameEn } } }
    }
    orgUnits(first: 200) { edges { node { id code name nameEn } } }
  }
`);
export const INVITE_USER = graphql(`mutation InviteUser($input: InviteUserInput!) { inviteUser(input: $input) { id } }`);
export const DISABLE_USER = graphql(`mutation DisableUser($id: ID!) { disableUser(id: $id) { id disabledAt } }`);
export const ENABLE_USER = graphql(`mutation EnableUser($id: ID!) { enableUser(id: $id) { id disabledAt } }`);
export const UPDATE_USER = graphql(`mutation UpdateUser($input: UpdateUserInput!) { updateUser(input: $input) { id roles unit { id code name nameEn } } }`);

export const ROLES = enumValues<"Role">({ MANAGEMENT: true, DEPARTMENT_HEAD: true, PROCESS_OFFICE: true, EMPLOYEE: true, ANALYST: true, ADMIN: true });
export type RoleName = (typeof ROLES)[number];
