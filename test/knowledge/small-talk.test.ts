/**
 * Small talk about the assistant or the calendar (small-talk.ts): flagged in every language, and
 * the voting questions that share its words ("what day is the election", "hasta que hora es")
 * never; in the matcher, a flagged message gets the fallback even where a topic explains its words.
 */
import { createMatcher } from '../../src/knowledge/matcher';
import { isSmallTalk } from '../../src/knowledge/small-talk';
import type { KnowledgeBase, KnowledgeTopic } from '../../src/knowledge/types';

describe('isSmallTalk', () => {
  it.each([
    ['en', 'what day is it'],
    ['en', 'hey what year is it now?'],
    ['en', 'whats ur name'],
    ['en', 'how old r u'],
    ['es', 'oye tienes nombre?'],
    ['es', 'y cuantos años tienes'],
    ['es', 'que dia es hoy'],
    ['tl', 'ilang taon ka na po'],
    ['tl', 'anong araw ngayon'],
    ['vi', 'bạn mấy tuổi'],
    ['vi', 'ban may tuoi roi'],
    ['vi', 'hôm nay là ngày mấy'],
    ['zh', '今年是哪一年'],
    ['zh', '你叫什么名字'],
    ['ko', '너 몇 살이야'],
    ['ko', '오늘 며칠이에요'],
    ['ar', 'كم عمرك'],
    ['ar', 'شو التاريخ اليوم'],
    ['en', "how's your day going"],
    ['es', 'hoy que dia es'],
    ['tl', 'anong itatawag ko sayo'],
    ['vi', 'bạn có tên không'],
    ['zh', '今天是什么日期'],
    ['zh', '今天是星期五吗'],
    ['zh', '今日係咪禮拜六？'],
    ['ko', '오늘 날짜 알려줘'],
    ['ar', 'ايش الساعة'],
    ['ar', 'احنا باي سنة'],
    // English small talk in another language's conversation.
    ['es', 'what time is it'],
  ])('%s: "%s" is small talk', (language, text) => {
    expect(isSmallTalk(text, language)).toBe(true);
  });

  it.each([
    // The same words in voting questions.
    ['en', 'what day is the election'],
    ['en', 'what time do the polls close'],
    ['en', 'how old do you have to be to vote'],
    ['en', 'what time is it open till'],
    ['es', 'hasta que hora es'],
    ['es', 'cuantos años tienes que tener para votar'],
    ['es', 'que dia es la eleccion'],
    ['tl', 'anong oras ang botohan'],
    ['tl', 'ilang taon ka dapat para makaboto'],
    ['vi', 'mấy giờ bắt đầu bỏ phiếu'],
    ['vi', 'bao nhiêu tuổi thì được bầu cử'],
    ['zh', '选举是哪一天'],
    ['zh', '投票几点结束'],
    ['zh', '选举日是星期二吗'],
    ['zh', '今天是星期二吗，可以投票吗'],
    ['ko', '투표 몇시까지 해요'],
    ['ko', '몇 살부터 투표할 수 있어요'],
    ['ar', 'الساعة كم يبدأ التصويت'],
    // About the assistant, but what the line answers (who_sends).
    ['en', 'are you a bot'],
    ['en', 'who are you'],
    ['en', 'where are you located'],
    ['tl', 'taga saan kayo, gobyerno ba'],
    // Small talk before a real question: too long to be small talk only.
    ['en', 'hi how are you, I moved last month and need to update my address'],
  ])('%s: "%s" is not small talk', (language, text) => {
    expect(isSmallTalk(text, language)).toBe(false);
  });
});

describe('the matcher and small talk', () => {
  const topic = (id: string, kind: KnowledgeTopic['kind'], en: string[]): KnowledgeTopic => ({ id, kind, sources: [], texts: { en: { title: '', examples: en, answer: '' } } });
  const base: KnowledgeBase = {
    languages: ['en'],
    topics: [
      topic('election_day', 'answer', ['what day is the election', 'what day is it on', 'what time is election day']),
      topic('not_covered', 'none', ['will it rain tomorrow']),
    ],
  };
  const matcher = createMatcher(base);

  it('gives the fallback to small talk a topic explains, and ranks the out-of-scope topic first', () => {
    expect(matcher.match('what day is it', 'en').kind).toBe('none');
    expect(matcher.scores('what day is it', 'en')[0].topic).toBe('not_covered');
  });

  it('still answers the voting question', () => {
    expect(matcher.match('what day is the election', 'en')).toMatchObject({ kind: 'answer', topic: 'election_day' });
  });
});
