import { describe, expect, it } from 'vitest';
import { checkSsml, POLLY_SSML_TAGS, ssmlToText } from '#tools/flows/ssml';

describe('checkSsml (Amazon Polly SSML, one rule set for the linter and the simulator)', () => {
  it.each([
    ['<speak>안녕하십니까.<break time="300ms"/>반갑습니다.</speak>', undefined],
    ['<speak><prosody rate="90%">천천히</prosody></speak>', undefined],
    ['<speak>ok<break time="1s"/></speak>', undefined],
    ['<speak><say-as interpret-as="digits">2027</say-as></speak>', undefined],
    ['안녕하십니까', 'SSML must start with a <speak> root element'],
    ['<speak>A &amp; B</speak>', undefined],
    ['<speak>A & B</speak>', 'unescaped "&" (write &amp;)'],
    ['<speak><prosody rate=90%>x</prosody></speak>', 'malformed tag <prosody rate=90%>'],
    ['<speak><blink>x</blink></speak>', 'unknown SSML tag <blink>'],
    ['<speak>x</speak>y', 'text outside the <speak> root'],
    ['<speak><s>x</speak>', '</speak> closes <s>'],
    ['<speak><prosody rate="slow">x</speak>', '</speak> closes <prosody>'],
    ['<speak>x', '<speak> is never closed'],
  ])('%s', (ssml, problem) => {
    expect(checkSsml(ssml)).toBe(problem);
  });

  it("knows Polly's tags, including the amazon: ones", () => {
    for (const tag of [
      'speak',
      'break',
      'emphasis',
      'lang',
      'mark',
      'p',
      'phoneme',
      'prosody',
      's',
      'say-as',
      'sub',
      'w',
    ]) {
      expect(POLLY_SSML_TAGS.has(tag), tag).toBe(true);
    }
    expect(POLLY_SSML_TAGS.has('amazon:effect')).toBe(true);
    expect(POLLY_SSML_TAGS.has('audio')).toBe(false);
  });
});

describe('ssmlToText', () => {
  it('speaks the text without tags and entities', () => {
    expect(
      ssmlToText(
        '<speak>안녕하십니까.<break time="300ms"/>1 &amp; 2 <say-as interpret-as="digits">123</say-as></speak>',
      ),
    ).toBe('안녕하십니까. 1 & 2 123');
  });
});
