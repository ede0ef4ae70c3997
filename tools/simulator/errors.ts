/**
 * A loud failure: the flow, the scenario or the simulator setup is wrong (unknown action type,
 * NextAction to a missing action, unknown placeholder, a scenario input that cannot be used …).
 * Never used for behaviour Connect itself handles with an error branch.
 */
export class SimulationError extends Error {
  constructor(
    message: string,
    readonly where?: { flow?: string; action?: string; type?: string },
  ) {
    super(
      where
        ? `${where.flow ? `flow "${where.flow}", ` : ''}${where.action ? `action "${where.action}"` : ''}${
            where.type ? ` (${where.type})` : ''
          }: ${message}`
        : message,
    );
    this.name = 'SimulationError';
  }
}
