/**
 * Function words per language, written in their folded form (no accents, no tone marks, Arabic
 * letters normalised). They still count, a little (FUNCTION_WORD_WEIGHT), so "who are you" keeps
 * its meaning, but "how do I" or "có thể ... không" never decides a topic alone. Question words
 * (where, when, who, dónde, saan, ở đâu, 哪里, 어디, أين) are deliberately not here: on a voter-help
 * line they carry the intent ("where" is the polling place, "when" a date). Nor are words a topic
 * is asked by alone ("ID", "help" as in "how can I help": volunteering): a message of function
 * words only asks nothing and gets no topic (topic-index.ts).
 */
export const FUNCTION_WORDS: Record<string, readonly string[]> = {
  en: [
    'a', 'an', 'the', 'i', 'im', 'me', 'my', 'mine', 'we', 'us', 'our', 'you', 'your', 'u', 'ur', 'he', 'she', 'him', 'her',
    'his', 'it', 'its', 'they', 'them', 'their', 'this', 'that', 'these', 'those', 'is', 'are', 'am', 'was', 'were', 'be',
    'been', 'being', 'do', 'does', 'did', 'doing', 'have', 'has', 'had', 'can', 'could', 'would', 'should', 'will', 'shall',
    'may', 'might', 'must', 'to', 'of', 'in', 'on', 'at', 'for', 'with', 'from', 'by', 'about', 'and', 'or', 'but', 'if',
    'so', 'how', 'what', 'whats', 'hi', 'hello', 'hey', 'please', 'pls', 'plz', 'just', 'get', 'got', 'any', 'some',
    'there', 'here', 'it', 'know', 'tell', 'want', 'need', 'like', 'ok', 'okay', 'thanks', 'yes', 'no', 'not', 'dont',
    'a', 'im', 'ive', 'ill', 'also', 'still', 'then', 'than', 'too', 'very', 'really', 'even', 'though',
    'because', 'cause', 'since', 'anyway', 'um', 'uh', 'guys', 'sir', 'maam',
    'wanna', 'gonna', 'gotta', 'lol', 'yall', 'kinda', 'hmm', 'btw',
    // Texting and AAVE fillers ("yo fr tho", "imma", "finna", "tryna", "lemme", "quick question").
    'yo', 'bro', 'bruh', 'fr', 'ngl', 'tho', 'idk', 'imma', 'ima', 'finna', 'tryna', 'aint', 'lemme', 'hafta', 'yeah',
    'yea', 'yep', 'nah', 'naw', 'umm', 'dude', 'ty', 'thank', 'thankyou', 'quick', 'wondering', 'wonder', 'curious',
    'someone', 'somebody', 'anyone', 'anybody', 'actually', 'basically', 'literally', 'probably', 'ma', 'mam',
    // Contractions typed without the apostrophe (like "dont", "im" above).
    'cant', 'wont', 'didnt', 'doesnt', 'isnt', 'wasnt', 'havent', 'arent', 'youre', 'theyre', 'thats', 'theres', 'sorry',
  ],
  es: [
    'el', 'la', 'los', 'las', 'un', 'una', 'unos', 'unas', 'lo', 'de', 'del', 'al', 'a', 'en', 'y', 'o', 'u', 'que', 'si',
    'me', 'mi', 'mis', 'yo', 'te', 'tu', 'tus', 'se', 'su', 'sus', 'le', 'les', 'nos', 'es', 'son', 'soy', 'esta', 'estoy',
    'esto', 'eso', 'este', 'ese', 'con', 'por', 'para', 'como', 'hay', 'puedo', 'puede', 'pueden', 'tengo', 'tiene',
    'hola', 'buenas', 'buenos', 'dias', 'gracias', 'favor', 'pues', 'oye', 'ya', 'no', 'muy', 'mas', 'pero', 'ok', 'ahi',
    'hacer', 'hago', 'quiero', 'saber', 'necesito', 'ayuda', 'usted', 'ustedes', 'algo', 'alguien', 'entonces',
    'aunque', 'porque', 'tambien', 'solo', 'oiga', 'disculpe', 'senor', 'senora',
    'pa', 'ke', 'pq', 'xq', 'xfa', 'porfa', 'bueno', 'pos', 'oigan',
    // English greetings and fillers in Spanglish ("hi, donde voto"): "hello" must not meet "sello" by a typo.
    'hi', 'hello', 'hey', 'okay', 'thanks', 'please',
    // Everyday verbs and fillers that carry no topic ("van a pedir", "que pasa con", "tienen", "dime").
    'estan', 'estas', 'estamos', 'va', 'van', 'vas', 'voy', 'vamos', 'ir', 'pasa', 'tienen', 'tienes', 'tener', 'tenemos',
    'puedes', 'podemos', 'podria', 'pueda', 'poder', 'debo', 'debe', 'deberia', 'dar', 'dame', 'dime', 'digame', 'decir',
    'ser', 'sea', 'fue', 'era', 'he', 'ha', 'han', 'has', 'hemos', 'sabe', 'sabes', 'quiere', 'quieres', 'queremos',
    'necesita', 'necesitan', 'necesitamos', 'ahora', 'aqui', 'aca', 'alla', 'nada', 'todo', 'toda', 'todos', 'todas',
    'cosa', 'cosas', 'mucho', 'mucha', 'bien', 'asi', 'nomas', 'namas', 'todavia', 'aun', 'hace', 'hacen',
  ],
  tl: [
    'ang', 'ng', 'nang', 'sa', 'si', 'ni', 'kay', 'mga', 'isa', 'ako', 'ko', 'ka', 'mo', 'ikaw', 'kayo', 'kami', 'tayo', 'namin',
    'natin', 'nila', 'niya', 'siya', 'sila', 'ba', 'po', 'ho', 'na', 'pa', 'din', 'rin', 'lang', 'lamang', 'naman', 'nga',
    'kasi', 'yung', 'iyong', 'yun', 'iyon', 'ito', 'to', 'dito', 'ay', 'at', 'o', 'kung', 'pag', 'kapag', 'para', 'may',
    'mayroon', 'meron', 'wala', 'hindi', 'di', 'paano', 'pano', 'ano', 'anong', 'mag', 'nag', 'ma', 'pwede', 'puwede',
    'pede', 'gusto', 'kailangan', 'ba', 'hi', 'hello', 'salamat', 'lng', 'nmn', 'sana', 'ung', 'yan', 'iyan', 'ko', 'akong',
    'kong', 'mong', 'ninyo', 'nyo', 'eh', 'ha', 'oo', 'opo', 'help', 'tulong', 'the', 'i', 'my', 'to', 'is', 'a',
    'kahit', 'dahil', 'pero', 'tapos', 'kaya', 'baka', 'talaga', 'aq', 'q', 'b', 'nga', 'ano ba',
    // Text-speak and spoken fillers: anu (ano), sya/cya (siya), kc (kasi), diba, ganun, un/ung (iyon).
    'anu', 'sya', 'cya', 'nman', 'kc', 'diba', 'dba', 'ganun', 'ganon', 'sige', 'nalang', 'un', 'yong', 'akin', 'nyan',
    'ikaw', 'po', 'kau', 'ka',
    // English function words in Taglish ("need ko ba mag register", "pwede ba me mag vote"), as in English.
    'need', 'want', 'can', 'do', 'does', 'how', 'what', 'whats', 'you', 'me', 'am', 'are', 'im', 'pls', 'please', 'ok', 'okay',
    'thanks', 'for', 'in', 'on', 'of', 'and', 'or', 'if', 'so', 'be', 'it', 'with', 'just', 'get', 'still', 'also', 'an', 'the',
    'this', 'that', 'was', 'have', 'has', 'will', 'would', 'should', 'could', 'at', 'by', 'from', 'about', 'your', 'we', 'they',
    // Pronouns with sa run together as texted (sakin = sa akin), there, hearsay and softening particles.
    'sakin', 'samin', 'satin', 'sayo', 'sken', 'skin', 'samen', 'kanya', 'kanila', 'nito', 'niyan', 'doon', 'dun', 'duon',
    'daw', 'raw', 'muna', 'pala', 'yata', 'siguro', 'saka', 'tsaka', 'pati', 'ninyo', 'atin', 'amin', 'inyo', 'iyo', 'yon',
    // To know / find out, like English "know": "paano malaman" is not laman (contents, of a ballot).
    'alam', 'malaman', 'malalaman', 'nalaman', 'alamin', 'aalamin', 'nalalaman', 'malamang',
  ],
  vi: [
    'toi', 'minh', 'em', 'anh', 'chi', 'ban', 'co', 'khong', 'ko', 'k', 'la', 'cua', 'thi', 'ma', 'va', 'voi', 'cho', 'nay',
    'hi', 'hello', 'hey', 'ok', 'okay', 'thanks',
    'do', 'nhe', 'a', 'oi', 'vay', 'the', 'nao', 'gi', 'duoc', 'dc', 'can', 'muon', 'hoi', 'xin', 'chao', 'cam', 'on', 'nhu',
    'neu', 'thi', 'se', 'da', 'dang', 'roi', 'chua', 'cung', 'con', 'nhung', 'cac', 'mot', 'nguoi', 'ah', 'ha', 'vs', 'ne',
    'lam', 'sao',
    // Particles and text-speak: nha, nhi, a (ạ), hay (or), phai (phải), biet (biết), de (để),
    // j (gì), dc/đc (được), hong/hok (không), mk/mik (mình), bn (bạn).
    'nha', 'nhi', 'hay', 'phai', 'biet', 'de', 'j', 'hong', 'hok', 'mk', 'mik', 'bn', 'vi', 'nen', 've',
    // Southern and everyday forms: tui (tôi), nhen / nghen / hen (nhé), luôn, ủa, dzậy / zậy (vậy), ak (à).
    'tui', 'nhen', 'nghen', 'hen', 'luon', 'ua', 'dzay', 'zay', 'ak',
  ],
  ar: [
    'من', 'في', 'على', 'علي', 'عن', 'الى', 'الي', 'هل', 'ما', 'ماذا', 'انا', 'انت', 'انتم', 'يا', 'او', 'و', 'ف', 'لو',
    'اذا', 'ان', 'هذا', 'هذه', 'ذلك', 'لي', 'عندي', 'ممكن', 'يمكن', 'يمكنني', 'اريد', 'بدي', 'ابي', 'عايز', 'لازم', 'شو',
    'ايش', 'وش', 'اللي', 'الذي', 'التي', 'مع', 'كان', 'كنت', 'انه', 'انها', 'لا', 'نعم', 'مش', 'مرحبا', 'السلام', 'عليكم',
    'شكرا', 'لو', 'سمحت', 'هو', 'هي', 'هم', 'بس', 'قد', 'لم', 'لن', 'كل', 'اي', 'حد', 'ده', 'دي', 'هاد', 'هيك', 'يعني',
    // The dialects' pronouns, "want", "do", "know", "still", "will", fillers and politeness (Levantine,
    // Egyptian, Gulf, Iraqi, Maghrebi): the "I want to know what to do" around a question.
    'انتو', 'انتوا', 'انتي', 'احنا', 'نحن', 'حضرتك', 'ايه', 'شنو', 'شنهو', 'واش', 'اش', 'ع', 'عم', 'رح', 'راح', 'ولا',
    'بدك', 'بدها', 'بدنا', 'بدكم', 'بدو', 'عاوز', 'عايزه', 'عاوزه', 'عايزين', 'حابب', 'حابه', 'ابغي', 'ابا', 'ودي', 'نبي',
    'اعمل', 'افعل', 'اسوي', 'نعمل', 'نسوي', 'نفعل', 'اعرف', 'نعرف', 'بعرف', 'بتعرف', 'تعرف', 'يعرف', 'عارف', 'عارفه',
    'حدا', 'احد', 'شي', 'شيء', 'اشي', 'حاجه', 'كتير', 'كثير', 'جدا', 'اوي', 'عشان', 'علشان', 'لان', 'لانه', 'كده', 'كدا',
    'لسا', 'لسه', 'زلت', 'زال', 'مازلت', 'مازال', 'حالي', 'نفسي', 'ينفع', 'بينفع', 'يصير', 'بيصير', 'هاي', 'هادا', 'هذي',
    'دا', 'ليا', 'لينا', 'فضلك', 'يعطيك', 'العافيه', 'اهلا', 'طيب', 'معلش',
    // "of / my" (Egyptian بتاع, Levantine تبع, Maghrebi ديال), Maghrebi "want / need / will / ok / much",
    // Gulf "very / like this", Levantine "so that".
    'بتاع', 'بتاعي', 'بتاعتي', 'بتاعك', 'تبع', 'تبعي', 'تبعك', 'تبعنا', 'ديال', 'ديالي', 'ديالك', 'بغيت', 'نبغي',
    'خاصني', 'خصني', 'غادي', 'واخا', 'بزاف', 'اشنو', 'وايد', 'جذي', 'منشان', 'مشان',
    // "exactly" (بالضبط, typed بالظبط / بالزبط), Maghrebi "so that" (باش), "until / so that", and
    // politeness and oaths around a question (والله, عنجد, ارجوك, يخليك, ان شاء الله).
    'بالضبط', 'بالظبط', 'بالزبط', 'باش', 'حتى', 'والله', 'عنجد', 'ارجوك', 'رجاء', 'يخليك', 'جماعه', 'انشالله', 'شاء', 'الله',
  ],
  zh: [
    '我', '你', '您', '他', '她', '的', '了', '吗', '呢', '吧', '啊', '呀', '是', '在', '有', '要', '和', '与', '也', '就', '都',
    '请问', '请', '问', '一下', '想', '能', '可以', '会', '我们', '你们', '这', '那', '个', '么', '嗎', '哦', '嗯', '好',
    '谢谢', '你好', '怎么', '怎样', '如何', '什么', '需要', '应该',
    // Cantonese particles and pronouns, as folded to Simplified (唔 not, 冇 have not, 嘅 of, 啲 some,
    // 哋 plural, 咗 done, 咩 what, 喺 at, 佢 he/she, 係 -> 系 is, 點樣 -> 点样 how).
    '唔', '冇', '嘅', '啲', '哋', '咗', '咩', '喺', '佢', '嗰', '嘢', '乜', '啦', '喇', '嘛', '咁', '噉', '系', '点样', '点解',
    '可唔可以', '我哋', '你哋', '能不能', '可不可以', '是不是', '有没有', '还是', '自己', '行不行',
    '他们', '她们', '它', '咱们', '怎么样', '弄', '搞', '㗎', '喎', '咯', '嘞', '啩', '吖',
  ],
  ko: [
    '저', '제', '나', '내', '저는', '제가', '나는', '내가', '좀', '그', '이', '저희', '우리', '혹시', '그냥', '진짜', '정말',
    '어떻게', '뭐', '뭔가', '무엇', '무슨', '안녕하세요', '안녕', '감사합니다', '수', '있', '하', '해', '되', '것', '거',
    '때', '알려', '주세요', '싶어요', '싶은데', '궁금', '궁금해요', '궁금합니다',
    // Verbs and fillers written as words of their own ("어떻게 해요", "등록 해봤어요", "뭐가 필요해요"). Not 안
    // (not): as Tagalog's hindi, it tells "아직 등록 안 했어요" (how to register) from "등록했어요" (check).
    '해요', '돼요', '되요', '하나요', '되나요', '있어요', '있나요', '있어', '없어요', '해야', '하는', '하는지', '하려면',
    '할', '했', '했어요', '해봤', '뭐가', '뭘', '뭐예요', '뭐에요', '어떡해', '어떡해요', '어떡하죠', '어떻게요', '그럼',
    '그러면', '근데', '그런데', '아니면', '제발', '이제', '네', '예', '음', '저기요', '알고',
    '알려줘', '알려줘요', '알려주세요', '가르쳐', '가르쳐주세요', '해주세요', '해줘', '싶어', '싶습니다',
    // Chat spellings: 어케 / 어떻케 (어떻게), 머 / 멀 (뭐 / 뭘), and the clipped endings 됨, 함 ("해야 됨").
    '어케', '어떻케', '어떡케', '머', '멀', '됨', '함',
    // 있다 / 없다 before a noun or a clause ("뭐가 있는지", "투표할 수 있는 곳", "시민권 없으면").
    '있는지', '있는', '없는', '있는데', '없는데', '있으면', '없으면', '있음', '없음', '있을까요', '있을까', '있을지',
    // ... and 대 typed for 데 ("있는대"), 되다 / 하다 asking leave ("해도 되나", "자격 되는지"), 나도 / 저도, 된.
    '있는대', '없는대', '해도', '되나', '되냐', '되는지', '돼', '된', '나도', '저도',
    // Casual question endings written as words of their own ("투표할 수 있냐", "등록 했니", "투표 할래").
    '있냐', '있니', '없냐', '없니', '되니', '하냐', '하니', '했냐', '했니', '할까', '할래', '할게',
    // 하다 reported ("등록해야 한대요", "투표 못 한다던데"): what was heard, not what is asked.
    '한다', '한대', '한대요', '한다고', '한다던데', '한다는데',
  ],
};
