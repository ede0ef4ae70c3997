import { type FlowGenerators, generatedName } from '#infra/connect/flow-content';

/**
 * The entry point of a call, from the number the caller dialed, decided by the inbound flow itself
 * — no Lambda — so that it is right when every function is down. Generated at synth from the city
 * config's entry points (and by the simulator from the same list) through the flow placeholder
 * resolver:
 *
 *     { "Identifier": "entry-point-from-number", "Type": "Compare",
 *       "Parameters": { "ComparisonValue": "$.SystemEndpoint.Address" },
 *       "Transitions": { "NextAction": "<continue>", "Conditions": "${gen:entryPointConditions}",
 *                        "Errors": [{ "NextAction": "<continue>", "ErrorType": "NoMatchingCondition" }] } },
 *     …,
 *     "${gen:entryPointActions}"
 *
 * `entryPointConditions`: one `Equals <E.164 number>` condition per entry point (Check contact
 * attributes on the System namespace's dialed number, "$.SystemEndpoint.Address":
 * https://docs.aws.amazon.com/connect/latest/adminguide/connect-attrib-list.html), each to the
 * action `entry-point-<id>`; `entryPointActions`: those actions, each setting the contact attribute
 * `entryPoint` to the id (Set contact attributes) and continuing where the Compare continues (its
 * NextAction). A number that is no entry point keeps the attribute the flow set before.
 */

export const ENTRY_POINT_CONDITIONS = 'entryPointConditions';
export const ENTRY_POINT_ACTIONS = 'entryPointActions';

export const entryPointActionId = (id: string): string => `entry-point-${id}`;

interface FlowShape {
  Actions?: { Identifier?: unknown; Transitions?: { NextAction?: unknown; Conditions?: unknown } }[];
}

/** The NextAction of the Compare that holds the `${gen:entryPointConditions}` marker. */
const continuation = (flow: unknown): string => {
  const compare = (flow as FlowShape).Actions?.find(
    (action) => generatedName(action?.Transitions?.Conditions) === ENTRY_POINT_CONDITIONS,
  );
  const next = compare?.Transitions?.NextAction;
  if (typeof next !== 'string') {
    throw new Error(
      `\${gen:${ENTRY_POINT_ACTIONS}} needs a Compare whose Conditions are \${gen:${ENTRY_POINT_CONDITIONS}} and that has a NextAction`,
    );
  }
  return next;
};

export const entryPointGenerators = (
  entryPoints: readonly { id: string; number: string }[],
): FlowGenerators => ({
  [ENTRY_POINT_CONDITIONS]: () =>
    entryPoints.map((entryPoint) => ({
      NextAction: entryPointActionId(entryPoint.id),
      Condition: { Operator: 'Equals', Operands: [entryPoint.number] },
    })),
  [ENTRY_POINT_ACTIONS]: (flow) => {
    const next = continuation(flow);
    return entryPoints.map((entryPoint) => ({
      Identifier: entryPointActionId(entryPoint.id),
      Type: 'UpdateContactAttributes',
      Parameters: { TargetContact: 'Current', Attributes: { entryPoint: entryPoint.id } },
      Transitions: { NextAction: next, Errors: [{ NextAction: next, ErrorType: 'NoMatchingError' }] },
    }));
  },
});
