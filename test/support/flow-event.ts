/**
 * A contact-flow Lambda event as the "Invoke AWS Lambda function" block sends it
 * (https://docs.aws.amazon.com/connect/latest/adminguide/connect-lambda-functions.html), for tests
 * and benchmarks that call the flow-invoked handlers directly.
 */
export const contactFlowEvent = (
  parameters: Record<string, string>,
  contactId: string,
  options: { from?: string; dialed?: string } = {},
) => ({
  Name: 'ContactFlowEvent',
  Details: {
    ContactData: {
      Attributes: {},
      Channel: 'VOICE',
      ContactId: contactId,
      InitialContactId: contactId,
      InitiationMethod: 'INBOUND',
      InstanceARN: 'arn:aws:connect:ap-northeast-2:000000000000:instance/local',
      CustomerEndpoint: { Address: options.from ?? '+821012345678', Type: 'TELEPHONE_NUMBER' },
      SystemEndpoint: { Address: options.dialed ?? '+82432010001', Type: 'TELEPHONE_NUMBER' },
    },
    Parameters: parameters,
  },
});
