import { graphql, type ResultOf } from "../../app/graphql";

/** Employee feedback on processes (§2.4.3): what the viewer wrote and what was sent to their unit. */
export const FeedbackFields = graphql(`
  fragment FeedbackFields on Feedback {
    id message status createdAt answer answeredAt
    author { id name }
    answeredBy { id name }
    process { id code name nameEn }
    step { id name nameEn }
    recipientUnit { id name nameEn }
    action { id title }
  }
`);
export type FeedbackItem = ResultOf<typeof FeedbackFields>;

export const FEEDBACK_QUERY = graphql(
  `
  query FeedbackList($status: [FeedbackStatus!]) {
    feedback(first: 100, status: $status) { totalCount edges { node { ...FeedbackFields } } }
  }
`,
  [FeedbackFields],
);

export const FEEDBACK_UNITS_QUERY = graphql(`query FeedbackUnits { orgUnits(first: 100) { edges { node { id name nameEn } } } }`);

export const SUBMIT_FEEDBACK = graphql(`mutation SubmitFeedback($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { ...FeedbackFields } }`, [FeedbackFields]);
export const ANSWER_FEEDBACK = graphql(`mutation AnswerFeedback($input: AnswerFeedbackInput!) { answerFeedback(input: $input) { ...FeedbackFields } }`, [FeedbackFields]);
export const FEEDBACK_TO_ACTION = graphql(`mutation FeedbackToAction($input: FeedbackToActionInput!) { feedbackToAction(input: $input) { ...FeedbackFields } }`, [FeedbackFields]);
