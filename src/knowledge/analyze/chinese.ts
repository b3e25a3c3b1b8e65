/**
 * Chinese: Traditional characters folded to Simplified (OpenCC's Taiwan-to-mainland character
 * table, not its phrase table, which would change words), words found by `Intl.Segmenter`, and
 * character pairs besides, so a word the segmenter cuts differently still meets. Pinyin is read
 * as characters (zh-pinyin.ts), Cantonese and colloquial words as Mandarin, and synonyms of the
 * domain as one word. English words ("怎么register") are analysed as English.
 */
import type * as OpenCC from 'opencc-js/t2cn';
import { ENGLISH } from './english';
import { addLatinWords } from './latin';
import { pinyinToHan } from './zh-pinyin';
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
// The segmenter joins a pronoun or a particle to its neighbour ("我的", "你是", "我还没", "过期了"):
// a word made of function words only is one, and one at either edge of a longer word counts
// little while the rest of the word is looked up on its own.
const isFunctionWord = (word: string) => FUNCTION_SET.has(word) || (word.length <= 3 && [...word].every((c) => FUNCTION_SET.has(c)));
const HEADS = new Set(['我', '你', '您', '他', '她']);
const TAILS = new Set(['吗', '呢', '吧', '啊', '呀', '了', '的', '嘛', '啦']);
/** How many characters at the head and at the tail of a word are a pronoun or a particle. */
function edges(word: string): [head: number, tail: number] {
  const chars = [...word];
  const head = HEADS.has(chars[0]) && chars.length > 1 ? 1 : 0;
  const tail = TAILS.has(chars[chars.length - 1]) && chars.length - head > 1 ? 1 : 0;
  return [head, tail];
}

// Pinyin input slips: a word typed by its sound picks a same-sounding one ("头票" for 投票 vote,
// "登级" for 登记 register). Only slips whose intended word is part of a voter-help question.
const SLIPS: Record<string, string> = {
  头票: '投票', 投漂: '投票', 登级: '登记', 等级: '登记', 登纪: '登记', 神马: '什么', 证见: '证件', 正件: '证件',
  残几: '残疾', 般家: '搬家', 选名: '选民', 邮记: '邮寄', 选楼: '选票', 提钱: '提前',
  登计: '登记', 志原: '志愿', 自愿者: '志愿者', 你门: '你们', 我门: '我们', 他门: '他们', 做牢: '坐牢', 做过牢: '坐过牢',
  // Taiwan and Hong Kong write 身分 (identity: 身分證) where the mainland writes 身份.
  身分: '身份',
  // 义公 for 义工 (volunteer), 等记 for 登记; 截至 ("as of") is written for 截止 (deadline) so often
  // that a voter asking "登记截至日期" means the deadline.
  义公: '义工', 等记: '登记', 截至: '截止',
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
  // Pronouns and particles (佢 he/she, 嘅 of, 咗 done, 咩 / 乜 what) as their Mandarin words, and 唔
  // (not) as 不, so that 唔可以, 会唔会, 我唔识 meet 不可以, 会不会, 我不会.
  佢: '他', 佢话: '他说', 佢哋话: '他们说', 嘅: '的', 咗: '了', 咩: '什么', 乜: '什么', 做乜: '为什么', 唔: '不', 唔系: '不是', 我系: '我是', 你系: '你是',
  佢系: '他是', 唔识: '不会', 识唔识: '会不会', 识讲: '会讲', 识睇: '会看', 去边: '去哪里', 去边度: '去哪里', 喺边: '在哪里',
  喺边度: '在哪里', 今日: '今天', 边一日: '哪一天', 边日: '哪天', 得闲: '有空', 点算: '怎么办', 点知: '怎么知道',
  未登记: '还没登记', 未投: '还没投', 未收到: '还没收到', 未注册: '还没注册', 查吓: '查一下', 睇吓: '看一下', 问吓: '问一下',
  寄返: '寄回', 交返: '交回', 返嚟: '回来', 拎: '拿', 帮手: '帮忙', 屋企: '家', 车牌: '驾照', 闩门: '关门', 搞掂: '办好',
  // Northern colloquial Mandarin: 啥 (what), 咋 (how), 哪儿 (where), 咱 (we).
  啥时候: '什么时候', 啥: '什么', 咋办: '怎么办', 咋样: '怎么样', 咋: '怎么', 哪儿: '哪里', 这儿: '这里', 那儿: '那里',
  咱们: '我们', 俺: '我',
  // Cantonese 做咩 / 点解 (why), 边位 (who), 未试过 / 未曾 (never yet); Northeastern 咋整 (what to do),
  // 干啥 / 干嘛 (what for).
  做咩: '为什么', 边位: '谁', 未试过: '从来没', 未曾: '从来没', 咋整: '怎么办', 怎么整: '怎么办', 干啥: '做什么', 干嘛: '为什么',
};
// Words people use for one thing of the domain, written as the one the examples mostly use, so a
// question meets examples that name it the other way: 注册 / 登记 (register), 投票所 / 投票点 /
// 票站 (polling place: Taiwan, the mainland, Hong Kong), 义工 / 志工 (volunteer), 提早 / 提前.
const SYNONYMS: Record<string, string> = {
  注册: '登记', 投票所: '投票站', 投票点: '投票站', 投票处: '投票站', 票站: '投票站',
  // 投票站 itself, so that its 票站 is left as it is.
  投票站: '投票站',
  义工: '志愿者', 志工: '志愿者', 提早: '提前', 预先投票: '提前投票', 投票日: '选举日', 残障: '残疾',
  粤语: '广东话', 国语: '普通话', 华语: '普通话',
  通讯投票: '邮寄投票', 缺席投票: '邮寄投票', 不在籍投票: '邮寄投票', 缺席选票: '邮寄选票', 驾驶执照: '驾照', 驾驶证: '驾照',
  短讯: '短信', 简讯: '短信', 讯息: '信息', 候选者: '候选人', 纪录: '记录', 坐监: '坐牢', 出册: '出狱', 住址: '地址',
  搬迁: '搬家', 礼拜: '星期', 周六: '星期六', 周日: '星期日',
  // Early voting word for word (早期投票), the vote centre (投票中心), an interpreter (口译, Hong
  // Kong's 传译), a sample ballot (样票, 样板选票), a provisional one (暂定 / 条件 / 临时票), disabled
  // (Taiwan's 身障, 伤残), personal data (Taiwan's 个资), a ballot drop box (投票箱 is the one at
  // the polling place too, so only the drop box's own words).
  早期投票: '提前投票', 投票中心: '投票站', 口译: '翻译', 传译: '翻译', 口译员: '翻译', 翻译员: '翻译',
  样票: '样本选票', 样板选票: '样本选票', 选票样本: '样本选票', 暂定选票: '临时选票', 条件选票: '临时选票', 临时票: '临时选票',
  身障: '残疾', 伤残: '残疾', 个资: '个人资料', 个人资讯: '个人资料', 收集箱: '投递箱', 投票收集箱: '投递箱',
  // Taiwan's 投开票所 (polling place), 选举公报 (the voters' guide), 选举人名册, and Hong Kong's
  // 选民登记册 (the voter roll).
  投开票所: '投票站', 选举公报: '选民指南', 选举人名册: '选民名册', 选民登记册: '选民名册',
  // Locked up (被关过, 被关押) is jail; 被关掉 (switched off) is not among these.
  被关过: '坐牢过', 被关押: '坐牢',
};
const SYNONYM = new RegExp(Object.keys(SYNONYMS).sort((a, b) => b.length - a.length).join('|'), 'g');
const CANTONESE_WORD = new RegExp(Object.keys(CANTONESE).sort((a, b) => b.length - a.length).join('|'), 'g');

// Cantonese "at X" is 喺 X 度 (我唔喺名单度: I am not on the list): that 度 is no word of its own.
const AT_PLACE = /喺([^喺度\s\p{P}]{1,6})度/gu;
// Cantonese 仲 is 还 (still: 仲可以, 仲有), but not in 仲裁 (arbitration) or 仲夏.
const STILL = /仲(?![裁夏介])/g;
// A sentence-final 马 is a pinyin slip for 吗 (可以投票马), and 做牢 for 坐牢.
const FINAL_MA = /马(?=$|[\s\p{P}])/gu;
// Cantonese 点 before a verb is "how" (点投票, 点登记); not the 点 of a time (几点, 7点, 早点).
const HOW = /(?<![几\d一二三四五六七八九十两早晚半钟地重特网终景])点(?=[投登报申做搞去查知揾改换寄拎攞填check])/g;

// A verb-object word split by its aspect particle or a measure word (投过票, 登了记, 入了籍, 报好名,
// 坐过牢, 搬了家, 注了册, 登个记, 排了队) is the word with the particle after it (投票过, 登记了), so it
// meets 投票, 登记.
// Cantonese 咗 is such a particle too (投咗票, 入咗籍), and so are the prison words 坐过监, 犯过法,
// 犯过罪, 服完刑.
const SPLIT_WORDS = new Set(['投票', '登记', '入籍', '报名', '坐牢', '搬家', '注册', '排队', '坐监', '犯法', '犯罪', '服刑']);
const SPLIT = /([投登入报坐搬注排犯服])([了过完好个咗])([票记籍名牢家册队监法罪刑])/g;

/**
 * Traditional characters (and Taiwan variants) as Simplified, pinyin as characters, common pinyin
 * input slips corrected, Cantonese and colloquial question words as Mandarin.
 */
export function foldChinese(text: string): string {
  return pinyinToHan(toSimplified(text))
    .replace(SLIP, (w) => SLIPS[w])
    .replace(SPLIT, (w, verb: string, particle: string, object: string) => (SPLIT_WORDS.has(verb + object) ? verb + object + particle : w))
    .replace(HOW, '怎么')
    .replace(STILL, '还')
    .replace(FINAL_MA, '吗')
    .replace(AT_PLACE, (_, place: string) => (place.endsWith('边') || place.endsWith('呢') || place.endsWith('嗰') ? `喺${place}度` : `喺${place}`))
    .replace(CANTONESE_WORD, (w) => CANTONESE[w])
    .replace(SYNONYM, (w) => SYNONYMS[w]);
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
    // A word's core: without a pronoun before it or a particle after it (我还没 -> 还没, 过期了 -> 过期).
    const cores: [word: string, span: number[]][] = [];
    const spans = words.map((w) => {
      const from = [...run.text.slice(0, w.index)].length;
      const span = [...w.segment].map((_, k) => from + k);
      if (isFunctionWord(w.segment)) for (const k of span) light[k] = true;
      else {
        const [head, tail] = edges(w.segment);
        for (let k = 0; k < head; k++) light[span[k]] = true;
        for (let k = span.length - tail; k < span.length; k++) light[span[k]] = true;
        if (head + tail > 0) cores.push([w.segment.slice(head, w.segment.length - tail), span.slice(head, span.length - tail)]);
      }
      return span;
    });
    const units = light.map((l) => b.unit(l ? FUNCTION_WORD_WEIGHT : 1));
    words.forEach((w, k) => {
      const span = spans[k].map((i) => units[i]);
      b.terms.push(exactTerm(w.segment, span, isFunctionWord(w.segment) ? FUNCTION_WORD_WEIGHT : 1));
    });
    for (const [word, span] of cores) b.terms.push(exactTerm(word, span.map((i) => units[i]), 1));
    // Pairs of characters meet words the segmenter cut differently; a pair of light characters counts little.
    for (let i = 0; i + 1 < chars.length; i++) {
      const weight = light[i] && light[i + 1] ? FUNCTION_WORD_WEIGHT : 1;
      b.terms.push(exactTerm(chars[i] + chars[i + 1], [units[i], units[i + 1]], weight));
    }
  }
  addLatinWords(b, ENGLISH, english);
  return b.build();
}

/** The Chinese analyzer. */
export const chineseAnalyzer: Analyzer = { language: 'zh', analyze: analyzeChinese };
