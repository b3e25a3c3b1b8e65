/**
 * Chinese typed in pinyin ("tou piao zai nali", "tóupiào zài nǎlǐ", "tou2piao4", "toupiaozhan"):
 * the words of a voter-help question written back in characters, so they meet the examples.
 * Pinyin has no word list a package ships here, and one syllable stands for many characters, so
 * only a vocabulary of the domain's words and the question's function words is read, and only in
 * a run of Latin words that is pinyin (most words are pinyin syllables and one of them is a
 * domain word of two syllables or more): "mail in ballot" and "ID" stay English.
 */
import { own, stripMarks } from './text';

// Toneless pinyin (spaces dropped, ü as u or v) -> characters. Several syllables read as one key,
// so "tou piao", "toupiao" and "tou-piao" meet the same word. A syllable on its own is read only
// where one character is what a voter-help question means by it (tou 投, piao 票, na 哪).
const WORDS: Record<string, string> = {
  // The question's words.
  wo: '我', ni: '你', nin: '您', ta: '他', women: '我们', nimen: '你们', tamen: '他们', zamen: '咱们', wode: '我的', nide: '你的',
  de: '的', le: '了', ma: '吗', ne: '呢', ba: '吧', a: '啊', shi: '是', bushi: '不是', shibushi: '是不是', zai: '在',
  you: '有', meiyou: '没有', youmeiyou: '有没有', mei: '没', bu: '不', yao: '要', buyao: '不要', yaobuyao: '要不要',
  xuyao: '需要', xubuxuyao: '需不需要', neng: '能', keyi: '可以', kebukeyi: '可不可以', nengbuneng: '能不能', buneng: '不能',
  hui: '会', huibuhui: '会不会', xiang: '想', yinggai: '应该', bixu: '必须', qu: '去', lai: '来', dao: '到', gei: '给',
  shang: '上', guo: '过', zuoguolao: '坐过牢', zuoguo: '坐过', zuolunyi: '坐轮椅', zuoyigong: '做义工', hai: '还', haishi: '还是', haimei: '还没', haimeiyou: '还没有', yijing: '已经', jiu: '就', dou: '都', ye: '也', he: '和',
  gen: '跟', zhe: '这', na: '哪', zhege: '这个', nage: '哪个', naxie: '哪些', nali: '哪里', nar: '哪儿', naer: '哪儿',
  zainali: '在哪里', qunali: '去哪里', shenme: '什么', sha: '啥', weishenme: '为什么', zenme: '怎么', zenyang: '怎样',
  zenmeyang: '怎么样', ruhe: '如何', zenmeban: '怎么办', shei: '谁', shui: '谁', duoshao: '多少', duojiu: '多久', qing: '请',
  qingwen: '请问', xiexie: '谢谢', nihao: '你好', bangwo: '帮我', zhidao: '知道', wen: '问', yixia: '一下',
  // When.
  shenmeshihou: '什么时候', shihou: '时候', shijian: '时间', jishi: '几时', ji: '几', jige: '几个', jidian: '几点',
  jihao: '几号', jitian: '几天', natian: '哪天', nayitian: '哪一天', yitian: '一天', riqi: '日期', hao: '号', dian: '点',
  xianzai: '现在', jintian: '今天', mingtian: '明天', jinnian: '今年', zheci: '这次', shangci: '上次', xiaci: '下次',
  kaishi: '开始', jieshu: '结束', jiezhi: '截止', jiezhiriqi: '截止日期', qixian: '期限', zuihou: '最后', zuiwan: '最晚',
  zuizao: '最早', qian: '前', yiqian: '以前', zhiqian: '之前', hou: '后', yihou: '以后', zhihou: '之后', zao: '早',
  laidejiji: '来得及', laibuji: '来不及', kaimen: '开门', guanmen: '关门', paidui: '排队', xiaban: '下班',
  // Voting and registering.
  tou: '投', piao: '票', toupiao: '投票', qutoupiao: '去投票', xuan: '选', xuanju: '选举', xuanjuri: '选举日', daxuan: '大选',
  xuanpiao: '选票', xuanmin: '选民', dengji: '登记', xuanmindengji: '选民登记', zhuce: '注册', baoming: '报名',
  shenqing: '申请', biaoge: '表格', tianxie: '填写', banli: '办理', toupiaozhan: '投票站', toupiaosuo: '投票所',
  toupiaochu: '投票处', toupiaodian: '投票点', piaozhan: '票站', didian: '地点', difang: '地方', dizhi: '地址',
  zhuzhi: '住址', banjia: '搬家', banle: '搬了', huan: '换', genggai: '更改', gengxin: '更新', gaibian: '改变', youji: '邮寄',
  youjitoupiao: '邮寄投票', tongxun: '通讯', tongxuntoupiao: '通讯投票', youzheng: '邮政', xinfeng: '信封', jihui: '寄回',
  jichu: '寄出', shoudao: '收到', xin: '信', qianming: '签名', qianzi: '签字', tiqian: '提前', tiqiantoupiao: '提前投票',
  tizao: '提早', xianchang: '现场', zhoumo: '周末', xingqi: '星期', xuanqu: '选区', youpiao: '邮票',
  // Papers.
  zhengjian: '证件', shenfenzheng: '身份证', shenfen: '身份', jiazhao: '驾照', huzhao: '护照', zhaopian: '照片',
  zhengming: '证明', wenjian: '文件', dai: '带', daishenme: '带什么',
  // Help, language, volunteering.
  canji: '残疾', canzhang: '残障', canjiren: '残疾人', lunyi: '轮椅', mangren: '盲人', kanbujian: '看不见',
  kanbuqing: '看不清', bangzhu: '帮助', bangmang: '帮忙', xiezhu: '协助', fanyi: '翻译', kouyi: '口译',
  zhongwen: '中文', huayu: '华语', guoyu: '国语', putonghua: '普通话', guangdonghua: '广东话', yueyu: '粤语',
  yingwen: '英文', yingyu: '英语', kandong: '看懂', kanbudong: '看不懂', budong: '不懂', jiang: '讲', shuo: '说',
  zhiyuanzhe: '志愿者', zhiyuan: '志愿', yigong: '义工', gongzuo: '工作', gongzuorenyuan: '工作人员', renyuan: '人员',
  // Provisional ballots, students, records, eligibility.
  linshi: '临时', linshixuanpiao: '临时选票', linshipiao: '临时票', mingdan: '名单', xuesheng: '学生', daxue: '大学',
  daxuesheng: '大学生', liuxuesheng: '留学生', xuexiao: '学校', zuolao: '坐牢', fanzui: '犯罪', jianyu: '监狱',
  chuyu: '出狱', qianke: '前科', zhongzui: '重罪', fuxing: '服刑', zige: '资格', gongmin: '公民', ruji: '入籍',
  luka: '绿卡', lvka: '绿卡', nianling: '年龄', sui: '岁', chengnian: '成年', weichengnian: '未成年',
  // The ballot, opinions, who sends this.
  houxuanren: '候选人', gongtou: '公投', tuijian: '推荐', zhichi: '支持', toushei: '投谁', dang: '党',
  gonghedang: '共和党', minzhudang: '民主党', ying: '赢', jiqiren: '机器人', zhenren: '真人', xinxi: '信息',
  duanxin: '短信', xiaoxi: '消息', yinsi: '隐私', geren: '个人', ziliao: '资料', anquan: '安全', shanchu: '删除',
  chaxun: '查询', cha: '查', chakan: '查看', queren: '确认', zhuangtai: '状态', youxiao: '有效', guoqi: '过期',
  bangongshi: '办公室', xuanjubangongshi: '选举办公室', xuanjuju: '选举局', zhengfu: '政府', zuzhi: '组织',
  lianxi: '联系', dianhua: '电话', wangzhan: '网站', wangshang: '网上', zaixian: '在线',
};
// Keys of two syllables or more that are English words too: they do not make a run pinyin.
const ENGLISH = new Set(['women', 'ban', 'dang', 'you', 'he', 'hai', 'ma', 'a']);
// One pinyin syllable (loosely: an initial and a final), repeated: "toupiaozhan" is pinyin, "ballot" is not.
// The erhua r only ends a token ("nar", "zher"): "narnia" is no pinyin.
const SYLLABLES =
  /^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ao|an|ei|en|er|ia|ie|in|iu|ou|ua|uo|ui|un|ue|ve|a|e|i|o|u|v))+r?$/;
const MAX_WORD = Math.max(...Object.keys(WORDS).map((k) => k.length));

/** A token's toneless spelling: tone marks and tone digits dropped, ü as u. */
const toneless = (token: string) => stripMarks(token.toLowerCase()).replace(/([a-z])[1-5]/g, '$1');

/** A run-together token as dictionary words ("zainalitoupiao"), or undefined when it is not made of them. */
function splitToken(token: string): string[] | undefined {
  // Fewest words covering the whole token (dynamic programming over the prefixes).
  const best: (string[] | undefined)[] = [[]];
  for (let end = 1; end <= token.length; end++)
    for (let start = Math.max(0, end - MAX_WORD); start < end; start++) {
      const key = token.slice(start, end);
      // An erhua word ("nar") ends the token, as its syllable does.
      if (end < token.length && /[^e]r$/.test(key)) continue;
      const word = own(WORDS, key);
      const before = best[start];
      if (word && before && (!best[end] || before.length + 1 < best[end]!.length)) best[end] = [...before, word];
    }
  return best[token.length];
}

/** The run written in characters where its words are pinyin words; undefined when it is no pinyin. */
function convertRun(tokens: string[]): string | undefined {
  const plain = tokens.map(toneless);
  const pinyin = plain.filter((t) => SYLLABLES.test(t)).length;
  if (pinyin * 2 < plain.length) return undefined;
  let strong = false;
  const out: string[] = [];
  for (let i = 0; i < plain.length; ) {
    // The longest sequence of up to four tokens that is one word ("tou piao zhan"), else the token split.
    let k = Math.min(4, plain.length - i);
    while (k > 0 && !own(WORDS, plain.slice(i, i + k).join(''))) k--;
    if (k > 0) {
      const key = plain.slice(i, i + k).join('');
      const word = own(WORDS, key)!;
      if (word.length >= 2 && !ENGLISH.has(key)) strong = true;
      out.push(word);
      i += k;
      continue;
    }
    const parts = SYLLABLES.test(plain[i]) ? splitToken(plain[i]) : undefined;
    if (parts && parts.length > 1) strong = true;
    out.push(parts ? parts.join('') : ` ${tokens[i]} `);
    i++;
  }
  return strong ? out.join('').replace(/ {2,}/g, ' ') : undefined;
}

// A run of Latin words (tone marks, tone digits, apostrophes and hyphens inside: "xi'an", "tou-piao").
const LATIN_RUN = /[a-zA-Z\u00C0-\u024F\u0300-\u036F][a-zA-Z\u00C0-\u024F\u0300-\u036F1-5'’-]*(?:\s+[a-zA-Z\u00C0-\u024F\u0300-\u036F][a-zA-Z\u00C0-\u024F\u0300-\u036F1-5'’-]*)*/g;

/** Pinyin in a message written in characters; other Latin words (English) left as they are. */
export function pinyinToHan(text: string): string {
  return text.replace(LATIN_RUN, (run) => convertRun(run.split(/[\s'’-]+/).filter(Boolean)) ?? run);
}
