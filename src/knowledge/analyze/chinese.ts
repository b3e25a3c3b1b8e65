/**
 * Chinese: Traditional characters folded to Simplified (OpenCC's Taiwan-to-mainland character
 * table, not its phrase table, which would change words), words found by `Intl.Segmenter`, and
 * character pairs besides, so a word the segmenter cuts differently still meets. English words
 * ("怎么register") are analysed as English.
 */
import type * as OpenCC from 'opencc-js/t2cn';
import { addLatinWords } from './latin';
import { FUNCTION_WORDS } from './stopwords';
import { AnalysisBuilder, exactTerm, FUNCTION_WORD_WEIGHT, type Analysis, type Analyzer } from './term';
import { scriptRuns, stripMarks } from './text';

// OpenCC's table (about 2 MiB of heap once built) and the segmenter are made on the first Chinese
// text, not when this module loads: a process that never analyses Chinese (a campaign worker, the
// digest without Chinese questions) does not hold them.
let converter: ((text: string) => string) | undefined;
const toSimplified = (text: string) => (converter ??= (require('opencc-js/t2cn') as typeof OpenCC).Converter({ from: 'tw', to: 'cn' }))(text);
let zhSegmenter: Intl.Segmenter | undefined;
const segmenter = () => (zhSegmenter ??= new Intl.Segmenter('zh', { granularity: 'word' }));
const FUNCTION_SET = new Set(FUNCTION_WORDS.zh);

// Pinyin input slips: a word typed by its sound picks a same-sounding one ("头票" for 投票 vote,
// "登级" for 登记 register). Only slips whose intended word is part of a voter-help question.
const SLIPS: Record<string, string> = {
  头票: '投票', 投漂: '投票', 登级: '登记', 等级: '登记', 登纪: '登记', 神马: '什么', 证见: '证件', 正件: '证件',
  残几: '残疾', 般家: '搬家', 选名: '选民', 邮记: '邮寄', 选楼: '选票', 提钱: '提前',
  登计: '登记', 志原: '志愿', 自愿者: '志愿者', 你门: '你们', 我门: '我们', 他门: '他们',
  // Taiwan and Hong Kong write 身分 (identity: 身分證) where the mainland writes 身份.
  身分: '身份',
};
const SLIP = new RegExp(Object.keys(SLIPS).join('|'), 'g');
// Cantonese question words, as folded to Simplified, written as the Mandarin the examples mostly
// use: "喺边度投票" then meets "在哪里投票". Only words no Mandarin sentence writes otherwise
// (bare 边 is "side" in 旁边, so only its compounds).
const CANTONESE: Record<string, string> = {
  边度: '哪里', 边处: '哪里', 边个: '谁', 边间: '哪个', 边啲: '哪些', 几时: '什么时候', 乜嘢: '什么', 咩嘢: '什么',
  点样: '怎么', 点解: '为什么', 使唔使: '需不需要', 唔使: '不用', 冇: '没有', 喺: '在', 哋: '们',
  // Everyday Cantonese words and yes-no questions (系 is 係 folded: 系唔系 is 是不是).
  系唔系: '是不是', 系咪: '是不是', 得唔得: '行不行', 有冇: '有没有', 咗未: '了吗', 几多: '多少', 几耐: '多久',
  而家: '现在', 依家: '现在', 听日: '明天', 琴日: '昨天', 呢度: '这里', 嗰度: '那里', 呢个: '这个',
  睇: '看', 畀: '给', 俾: '给', 嚟: '来', 攞: '拿', 揾: '找', 搬屋: '搬家', 唔该: '请', 多谢: '谢谢',
};
const CANTONESE_WORD = new RegExp(Object.keys(CANTONESE).sort((a, b) => b.length - a.length).join('|'), 'g');

/**
 * Traditional characters (and Taiwan variants) as Simplified, common pinyin input slips corrected,
 * Cantonese question words as Mandarin.
 */
// Cantonese "at X" is 喺 X 度 (我唔喺名单度: I am not on the list): that 度 is no word of its own.
const AT_PLACE = /喺([^喺度\s\p{P}]{1,6})度/gu;

export function foldChinese(text: string): string {
  return toSimplified(text)
    .replace(SLIP, (w) => SLIPS[w])
    .replace(AT_PLACE, (_, place: string) => (place.endsWith('边') || place.endsWith('呢') || place.endsWith('嗰') ? `喺${place}度` : `喺${place}`))
    .replace(CANTONESE_WORD, (w) => CANTONESE[w]);
}

/** The analysis of a Chinese text: one unit a character (a word for English inside it). */
export function analyzeChinese(text: string): Analysis {
  const b = new AnalysisBuilder();
  const english: string[] = [];
  for (const run of scriptRuns(foldChinese(text))) {
    if (run.script === 'latin') english.push(stripMarks(run.text));
    if (run.script !== 'han') continue;
    const chars = [...run.text];
    const words = [...segmenter().segment(run.text)].filter((s) => s.isWordLike);
    // A character is light when the word it belongs to is a function word ("什么", "我").
    const light = new Array<boolean>(chars.length).fill(false);
    const spans = words.map((w) => {
      const from = [...run.text.slice(0, w.index)].length;
      const span = [...w.segment].map((_, k) => from + k);
      if (FUNCTION_SET.has(w.segment)) for (const k of span) light[k] = true;
      return span;
    });
    const units = light.map((l) => b.unit(l ? FUNCTION_WORD_WEIGHT : 1));
    words.forEach((w, k) => {
      const span = spans[k].map((i) => units[i]);
      b.terms.push(exactTerm(w.segment, span, FUNCTION_SET.has(w.segment) ? FUNCTION_WORD_WEIGHT : 1));
    });
    // Pairs of characters meet words the segmenter cut differently; a pair of light characters counts little.
    for (let i = 0; i + 1 < chars.length; i++) {
      const weight = light[i] && light[i + 1] ? FUNCTION_WORD_WEIGHT : 1;
      b.terms.push(exactTerm(chars[i] + chars[i + 1], [units[i], units[i + 1]], weight));
    }
  }
  addLatinWords(b, 'en', english);
  return b.build();
}

/** The Chinese analyzer. */
export const chineseAnalyzer: Analyzer = { language: 'zh', analyze: analyzeChinese };
