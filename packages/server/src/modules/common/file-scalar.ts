import { builder } from "../../builder.js";

builder.scalarType("File", {
  description: "A file sent as a multipart request (GraphQL multipart request spec).",
  serialize: () => {
    throw new Error("File is an input-only scalar.");
  },
});
