export { CHANGE_KIND_TABLE, CHANGE_KINDS } from "./changeKinds";
export type { ChangeKind, ChangeRisk, PolicyChange } from "./changeKinds";
export type { DiffReport, DiffSummary, HeadFinding, PolicySet } from "./report";
export { policySetOfPlan } from "./report";
export { semanticDiff, diffPolicySets, pairPolicies, previewDiff } from "./semanticDiff";
export { readPreview, asPreviewDocument, inferBreakGlass, PreviewFormatError, CA_POLICY_RESOURCE_TYPE, SECURITY_DEFAULTS_RESOURCE_TYPE } from "./previewReader";
export type { PreviewDocument, PreviewStep, PreviewResourceState, PreviewSides } from "./previewReader";
export { formatMarkdown, headline, formatJson, exitCodeOf } from "./format";
export type { MarkdownOptions } from "./format";
