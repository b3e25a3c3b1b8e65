import { secretMatches } from '../../../src/channels/telegram/webhook';

describe('secretMatches', () => {
  it.each([
    ['s3cret_token', 's3cret_token', true],
    ['s3cret_tokem', 's3cret_token', false],
    ['s3cret', 's3cret_token', false],
    ['', 's3cret_token', false],
    [undefined, 's3cret_token', false],
    [['s3cret_token', 'x'], 's3cret_token', false],
    ['anything', undefined, false],
  ])('%j vs %j -> %s', (received, expected, result) => expect(secretMatches(received as any, expected)).toBe(result));
});
