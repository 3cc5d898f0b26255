import type * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../config/types";
import { graphClientFromEnvironment } from "../graph/fromEnvironment";
import type { GraphClient } from "../graph/client";
import {
  createConditionalAccessPolicy,
  deleteConditionalAccessPolicy,
  getConditionalAccessPolicy,
  updateConditionalAccessPolicy,
} from "../graph/conditionalAccessPolicies";
import { GraphRequestError } from "../graph/errors";
import { asRecord, knownCloud, readWithoutStackTrace, requireWritable } from "./dynamicInputs";
import { checkGraphPolicy, comparedPolicy, diffGraphPolicy, GraphPolicyInputs, graphWriteBody, samePolicy } from "./graphPolicyBody";

/** The declared inputs to write, or an error before any request: never an unknown value, never what check refuses. */
function writable(given: unknown): GraphPolicyInputs {
  const { __provider: _p, ...inputs } = asRecord(given);
  const known = Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== undefined && v !== null));
  const checked = checkGraphPolicy(known);
  requireWritable(`Conditional Access policy ${JSON.stringify(known.displayName ?? "")}`, known, checked.failures ?? []);
  return known as unknown as GraphPolicyInputs;
}

const clientFor = (inputs: { cloud?: unknown }): GraphClient => graphClientFromEnvironment(knownCloud(inputs.cloud) as Cloud | undefined);

/** The outputs of a write: what was declared, which is what the tenant now holds. */
const written = (inputs: GraphPolicyInputs): Record<string, unknown> => ({ ...inputs });

/**
 * The Graph-backed Conditional Access policy: the policies the azuread provider cannot express (authentication
 * contexts, application filters …). Pulumi serializes it into the state as code, so it holds no credential:
 * each method builds its Graph client from the environment when it runs, as the Security Defaults provider does.
 */
export const graphPolicyProvider: pulumi.dynamic.ResourceProvider = {
  check: async (_olds, news) => checkGraphPolicy(news),
  diff: async (_id, olds, news) => diffGraphPolicy(olds, news),

  // An adopted policy is taken over: read, then written only when it differs. A new one is POSTed once
  // (Graph's throttling apart, a lost answer is not re-sent: a second POST would make a second policy).
  async create(given: GraphPolicyInputs) {
    const inputs = writable(given);
    const client = clientFor(inputs);
    const body = graphWriteBody(inputs);
    if (inputs.adoptId) {
      const tenant = await getConditionalAccessPolicy(client, inputs.adoptId);
      if (!tenant) {
        throw new GraphRequestError(
          `Conditional Access policy ${JSON.stringify(inputs.displayName)}: the tenant has no policy ${inputs.adoptId} to adopt; ` +
            "nothing was created: remove its id from the stack to create the policy, or set the id of the policy to adopt",
          404,
          "ResourceNotFound",
        );
      }
      if (!samePolicy(tenant, inputs)) await updateConditionalAccessPolicy(client, inputs.adoptId, body);
      return { id: inputs.adoptId, outs: written(inputs) };
    }
    const id = await createConditionalAccessPolicy(client, body);
    return { id, outs: written(inputs) };
  },

  // The tenant's policy as it is now, in the inputs' reading (annotations gone, undeclared parts kept so a refresh
  // shows them), as outputs and inputs; a policy deleted in the portal reads as gone. Only a known cloud and the
  // adopted id are kept from the previous state, whatever it held (none on a refresh after an import, a corrupt one).
  async read(id: string, state?: unknown) {
    return readWithoutStackTrace(async () => {
      const previous = asRecord(state);
      const cloud = knownCloud(previous.cloud);
      const tenant = await getConditionalAccessPolicy(clientFor({ cloud }), id);
      if (!tenant) return { id: "", props: {} };
      const adoptId = typeof previous.adoptId === "string" ? { adoptId: previous.adoptId } : {};
      const props = { ...comparedPolicy(tenant), ...(cloud ? { cloud } : {}), ...adoptId };
      // Also as the inputs: after a refresh the preview (and `entra-baseline diff` of it) compares the tenant as it
      // is with the declared policy, field by field, not the declared policy with itself.
      return { id, props, inputs: props };
    });
  },

  // The whole writable body, whatever the previous state held.
  async update(id: string, _olds: unknown, given: GraphPolicyInputs) {
    const inputs = writable(given);
    await updateConditionalAccessPolicy(clientFor(inputs), id, graphWriteBody(inputs));
    return { outs: written(inputs) };
  },

  // Removing the policy from the stack deletes it, as for a policy the azuread provider manages, but only while the
  // tenant holds it as this resource last wrote or read it: a policy another resource has taken over since (the same
  // custom policy now declared through the azuread provider, which adopted it first) or changed in the portal is left
  // in the tenant, where drift shows it, never deleted from under its new owner.
  async delete(id: string, props: unknown) {
    const client = clientFor(asRecord(props));
    const tenant = await getConditionalAccessPolicy(client, id);
    if (!tenant || !samePolicy(tenant, props)) return;
    await deleteConditionalAccessPolicy(client, id);
  },
};
