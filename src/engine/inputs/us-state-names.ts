/**
 * US states and territories by postal code, with the names voters type for each, by language.
 *
 * - en: English; es: Spanish where it differs.
 * - zh: Chinese: the full name with 州 and without, in Simplified characters and, where the
 *   characters or the usual (Taiwan / Hong Kong) transliteration differ, Traditional ones; plus the
 *   short forms in common use (加州, 德州, 纽约, 佛州, 麻州, 马州, 维州, 宾州, 华州, 华府, 北卡 …).
 *   Short forms that several states share (俄州, 密州, 阿州, 新州 …) are left out.
 * - ko: Korean: the name with 주 and without.
 * - vi, tl: Vietnamese and Tagalog speakers mostly type the English name; listed only where a
 *   Vietnamese or Filipino form differs (Cali, Bắc Carolina, Kalipornya, Hilagang Dakota …).
 * - ar: Arabic: the name without and with ولاية.
 *
 * Names are compared squashed (see `us-state.ts`): case, accents, harakat, spaces and punctuation
 * don't count ("Ca-li" = "Cali", "캘리포니아 주" = "캘리포니아주"). A squashed name must belong to one
 * code only (test/engine/us-state-names.test.ts checks). Washington: "Washington", 华盛顿, 워싱턴 and
 * واشنطن alone are the state (WA), as the answer to "which state?"; the District is "Washington DC",
 * 华盛顿特区 / 华府, 워싱턴 D.C., واشنطن العاصمة, and Vietnamese "Hoa Thịnh Đốn" (the usual name of
 * the capital, while the state is "Washington").
 */
export interface UsStateNames {
  readonly en: readonly string[];
  readonly es?: readonly string[];
  readonly zh: readonly string[];
  readonly ko: readonly string[];
  readonly vi?: readonly string[];
  readonly tl?: readonly string[];
  readonly ar: readonly string[];
}

/** The languages of `UsStateNames`, in the order their names are listed. */
export const US_STATE_NAME_LANGUAGES = ['en', 'es', 'zh', 'ko', 'vi', 'tl', 'ar'] as const;

/** Postal code → the names of that state or territory, by language. */
export const US_STATE_NAMES_BY_LANGUAGE: Readonly<Record<string, UsStateNames>> = {
  AL: {
    en: ['Alabama'],
    zh: ['阿拉巴马州', '阿拉巴马', '阿拉巴馬州', '阿拉巴馬'],
    ko: ['앨라배마', '앨라배마주'],
    ar: ['ألاباما', 'ولاية ألاباما'],
  },
  AK: {
    en: ['Alaska'],
    zh: ['阿拉斯加州', '阿拉斯加'],
    ko: ['알래스카', '알래스카주'],
    ar: ['ألاسكا', 'ولاية ألاسكا'],
  },
  AZ: {
    en: ['Arizona'],
    zh: ['亚利桑那州', '亚利桑那', '亞利桑那州', '亞利桑那'],
    ko: ['애리조나', '애리조나주'],
    ar: ['أريزونا', 'ولاية أريزونا'],
  },
  AR: {
    en: ['Arkansas'],
    zh: ['阿肯色州', '阿肯色'],
    ko: ['아칸소', '아칸소주'],
    ar: ['أركنساس', 'ولاية أركنساس'],
  },
  CA: {
    en: ['California'],
    zh: ['加利福尼亚州', '加利福尼亚', '加州', '加利福尼亞州', '加利福尼亞'],
    ko: ['캘리포니아', '캘리포니아주'],
    vi: ['Cali', 'Ca-li', 'Ca-li-phoóc-ni-a'],
    tl: ['Kalipornya', 'Kalifornia'],
    ar: ['كاليفورنيا', 'ولاية كاليفورنيا'],
  },
  CO: {
    en: ['Colorado'],
    zh: ['科罗拉多州', '科罗拉多', '科州', '科羅拉多州', '科羅拉多'],
    ko: ['콜로라도', '콜로라도주'],
    ar: ['كولورادو', 'ولاية كولورادو'],
  },
  CT: {
    en: ['Connecticut'],
    zh: ['康涅狄格州', '康涅狄格', '康州', '康乃狄克州', '康乃狄克'],
    ko: ['코네티컷', '코네티컷주'],
    ar: ['كونيتيكت', 'ولاية كونيتيكت', 'كونتيكت', 'ولاية كونتيكت'],
  },
  DE: {
    en: ['Delaware'],
    zh: ['特拉华州', '特拉华', '特拉華州', '特拉華', '德拉瓦州', '德拉瓦'],
    ko: ['델라웨어', '델라웨어주'],
    ar: ['ديلاوير', 'ولاية ديلاوير'],
  },
  DC: {
    en: ['District of Columbia', 'Washington DC', 'Washington D.C.'],
    es: ['Distrito de Columbia'],
    zh: [
      '华盛顿特区', '华盛顿哥伦比亚特区', '哥伦比亚特区', '华府', '华盛顿DC',
      '華盛頓特區', '華盛頓哥倫比亞特區', '哥倫比亞特區', '華府', '華盛頓DC',
    ],
    ko: ['워싱턴 D.C.', '워싱턴 디시', '워싱턴 디씨', '컬럼비아 특별구', '컬럼비아 특구'],
    vi: ['Hoa Thịnh Đốn', 'Đặc khu Columbia'],
    tl: ['Distrito ng Columbia'],
    ar: ['واشنطن العاصمة', 'واشنطن دي سي', 'واشنطن DC', 'مقاطعة كولومبيا'],
  },
  FL: {
    en: ['Florida'],
    zh: ['佛罗里达州', '佛罗里达', '佛州', '佛羅里達州', '佛羅里達'],
    ko: ['플로리다', '플로리다주'],
    ar: ['فلوريدا', 'ولاية فلوريدا'],
  },
  GA: {
    en: ['Georgia'],
    zh: ['佐治亚州', '佐治亚', '乔治亚州', '乔治亚', '乔州', '佐治亞州', '佐治亞', '喬治亞州', '喬治亞', '喬州'],
    ko: ['조지아', '조지아주'],
    ar: ['جورجيا', 'ولاية جورجيا'],
  },
  HI: {
    en: ['Hawaii', "Hawai'i"],
    es: ['Hawái', 'Hawai'],
    zh: ['夏威夷州', '夏威夷'],
    ko: ['하와이', '하와이주'],
    vi: ['Hạ Uy Di'],
    ar: ['هاواي', 'ولاية هاواي'],
  },
  ID: {
    en: ['Idaho'],
    zh: ['爱达荷州', '爱达荷', '愛達荷州', '愛達荷'],
    ko: ['아이다호', '아이다호주'],
    ar: ['أيداهو', 'ولاية أيداهو'],
  },
  IL: {
    en: ['Illinois'],
    zh: ['伊利诺伊州', '伊利诺伊', '伊利诺州', '伊利诺', '伊州', '伊利諾伊州', '伊利諾伊', '伊利諾州', '伊利諾'],
    ko: ['일리노이', '일리노이주'],
    ar: ['إلينوي', 'ولاية إلينوي'],
  },
  IN: {
    en: ['Indiana'],
    zh: ['印第安纳州', '印第安纳', '印第安納州', '印第安納'],
    ko: ['인디애나', '인디애나주'],
    ar: ['إنديانا', 'ولاية إنديانا'],
  },
  IA: {
    en: ['Iowa'],
    zh: ['艾奥瓦州', '艾奥瓦', '爱荷华州', '爱荷华', '艾奧瓦州', '艾奧瓦', '愛荷華州', '愛荷華'],
    ko: ['아이오와', '아이오와주'],
    ar: ['آيوا', 'ولاية آيوا'],
  },
  KS: {
    en: ['Kansas'],
    zh: ['堪萨斯州', '堪萨斯', '堪薩斯州', '堪薩斯'],
    ko: ['캔자스', '캔자스주'],
    ar: ['كانساس', 'ولاية كانساس', 'كنساس', 'ولاية كنساس'],
  },
  KY: {
    en: ['Kentucky'],
    zh: ['肯塔基州', '肯塔基'],
    ko: ['켄터키', '켄터키주'],
    ar: ['كنتاكي', 'ولاية كنتاكي'],
  },
  LA: {
    en: ['Louisiana'],
    es: ['Luisiana'],
    zh: ['路易斯安那州', '路易斯安那', '路易斯安纳州', '路易斯安纳', '路易斯安納州', '路易斯安納'],
    ko: ['루이지애나', '루이지애나주'],
    ar: ['لويزيانا', 'ولاية لويزيانا'],
  },
  ME: {
    en: ['Maine'],
    zh: ['缅因州', '缅因', '緬因州', '緬因'],
    ko: ['메인', '메인주'],
    // Not مين alone: in spoken Arabic it is "who?".
    ar: ['ماين', 'ولاية ماين', 'ولاية مين'],
  },
  MD: {
    en: ['Maryland'],
    zh: ['马里兰州', '马里兰', '马州', '馬里蘭州', '馬里蘭', '馬州'],
    ko: ['메릴랜드', '메릴랜드주'],
    ar: ['ماريلاند', 'ولاية ماريلاند', 'ميريلاند', 'ولاية ميريلاند'],
  },
  MA: {
    en: ['Massachusetts'],
    zh: [
      '马萨诸塞州', '马萨诸塞', '麻萨诸塞州', '麻萨诸塞', '麻州', '麻省',
      '馬薩諸塞州', '馬薩諸塞', '麻薩諸塞州', '麻薩諸塞',
    ],
    ko: ['매사추세츠', '매사추세츠주'],
    ar: ['ماساتشوستس', 'ولاية ماساتشوستس', 'ماساتشوسيتس', 'ولاية ماساتشوسيتس'],
  },
  MI: {
    en: ['Michigan'],
    es: ['Míchigan'],
    zh: ['密歇根州', '密歇根', '密西根州', '密西根'],
    ko: ['미시간', '미시간주'],
    ar: ['ميشيغان', 'ولاية ميشيغان', 'ميشيغن', 'ولاية ميشيغن'],
  },
  MN: {
    en: ['Minnesota'],
    zh: ['明尼苏达州', '明尼苏达', '明州', '明尼蘇達州', '明尼蘇達'],
    ko: ['미네소타', '미네소타주'],
    ar: ['مينيسوتا', 'ولاية مينيسوتا'],
  },
  MS: {
    en: ['Mississippi'],
    es: ['Misisipi', 'Misisipí'],
    zh: ['密西西比州', '密西西比'],
    ko: ['미시시피', '미시시피주'],
    ar: ['مسيسيبي', 'ولاية مسيسيبي', 'ميسيسيبي', 'ولاية ميسيسيبي'],
  },
  MO: {
    en: ['Missouri'],
    es: ['Misuri'],
    zh: ['密苏里州', '密苏里', '密蘇里州', '密蘇里'],
    ko: ['미주리', '미주리주'],
    ar: ['ميزوري', 'ولاية ميزوري', 'ميسوري', 'ولاية ميسوري'],
  },
  MT: {
    en: ['Montana'],
    zh: ['蒙大拿州', '蒙大拿'],
    ko: ['몬태나', '몬태나주'],
    ar: ['مونتانا', 'ولاية مونتانا'],
  },
  NE: {
    en: ['Nebraska'],
    zh: ['内布拉斯加州', '内布拉斯加', '內布拉斯加州', '內布拉斯加'],
    ko: ['네브래스카', '네브래스카주'],
    ar: ['نبراسكا', 'ولاية نبراسكا'],
  },
  NV: {
    en: ['Nevada'],
    zh: ['内华达州', '内华达', '內華達州', '內華達'],
    ko: ['네바다', '네바다주'],
    ar: ['نيفادا', 'ولاية نيفادا'],
  },
  NH: {
    en: ['New Hampshire'],
    es: ['Nuevo Hampshire'],
    zh: ['新罕布什尔州', '新罕布什尔', '新罕布什爾州', '新罕布什爾', '新罕布夏州', '新罕布夏'],
    ko: ['뉴햄프셔', '뉴햄프셔주'],
    ar: ['نيوهامشير', 'ولاية نيوهامشير', 'نيو هامبشاير', 'ولاية نيو هامبشاير'],
  },
  NJ: {
    en: ['New Jersey'],
    es: ['Nueva Jersey'],
    zh: ['新泽西州', '新泽西', '纽泽西州', '纽泽西', '新澤西州', '新澤西', '紐澤西州', '紐澤西'],
    ko: ['뉴저지', '뉴저지주'],
    ar: ['نيوجيرسي', 'ولاية نيوجيرسي'],
  },
  NM: {
    en: ['New Mexico'],
    es: ['Nuevo México'],
    zh: ['新墨西哥州', '新墨西哥'],
    ko: ['뉴멕시코', '뉴멕시코주'],
    tl: ['Bagong Mehiko'],
    ar: ['نيومكسيكو', 'ولاية نيومكسيكو'],
  },
  NY: {
    en: ['New York'],
    es: ['Nueva York'],
    zh: ['纽约州', '纽约', '紐約州', '紐約'],
    ko: ['뉴욕', '뉴욕주'],
    vi: ['Nữu Ước'],
    tl: ['Bagong York'],
    ar: ['نيويورك', 'ولاية نيويورك'],
  },
  NC: {
    en: ['North Carolina'],
    es: ['Carolina del Norte'],
    zh: [
      '北卡罗来纳州', '北卡罗来纳', '北卡罗莱纳州', '北卡罗莱纳', '北卡州', '北卡',
      '北卡羅來納州', '北卡羅來納', '北卡羅萊納州', '北卡羅萊納',
    ],
    ko: ['노스캐롤라이나', '노스캐롤라이나주'],
    vi: ['Bắc Carolina'],
    tl: ['Hilagang Carolina', 'Hilagang Karolina'],
    ar: ['كارولاينا الشمالية', 'ولاية كارولاينا الشمالية', 'نورث كارولاينا', 'ولاية نورث كارولاينا'],
  },
  ND: {
    en: ['North Dakota'],
    es: ['Dakota del Norte'],
    zh: ['北达科他州', '北达科他', '北達科他州', '北達科他'],
    ko: ['노스다코타', '노스다코타주'],
    vi: ['Bắc Dakota'],
    tl: ['Hilagang Dakota'],
    ar: ['داكوتا الشمالية', 'ولاية داكوتا الشمالية', 'نورث داكوتا', 'ولاية نورث داكوتا'],
  },
  OH: {
    en: ['Ohio'],
    zh: ['俄亥俄州', '俄亥俄'],
    ko: ['오하이오', '오하이오주'],
    ar: ['أوهايو', 'ولاية أوهايو'],
  },
  OK: {
    en: ['Oklahoma'],
    zh: [
      '俄克拉何马州', '俄克拉何马', '俄克拉荷马州', '俄克拉荷马',
      '俄克拉荷馬州', '俄克拉荷馬', '奧克拉荷馬州', '奧克拉荷馬',
    ],
    ko: ['오클라호마', '오클라호마주'],
    ar: ['أوكلاهوما', 'ولاية أوكلاهوما'],
  },
  OR: {
    en: ['Oregon'],
    es: ['Oregón'],
    zh: ['俄勒冈州', '俄勒冈', '俄勒岡州', '俄勒岡', '奧勒岡州', '奧勒岡'],
    ko: ['오리건', '오리건주', '오레곤', '오레곤주'],
    ar: ['أوريغون', 'ولاية أوريغون', 'أوريغن', 'ولاية أوريغن', 'أوريجون', 'ولاية أوريجون'],
  },
  PA: {
    en: ['Pennsylvania'],
    es: ['Pensilvania'],
    zh: ['宾夕法尼亚州', '宾夕法尼亚', '宾州', '賓夕法尼亞州', '賓夕法尼亞', '賓州'],
    ko: ['펜실베이니아', '펜실베이니아주', '펜실베니아', '펜실베니아주'],
    ar: ['بنسلفانيا', 'ولاية بنسلفانيا'],
  },
  RI: {
    en: ['Rhode Island'],
    zh: ['罗得岛州', '罗得岛', '罗德岛州', '罗德岛', '羅得島州', '羅得島', '羅德島州', '羅德島'],
    ko: ['로드아일랜드', '로드아일랜드주'],
    ar: ['رود آيلاند', 'ولاية رود آيلاند'],
  },
  SC: {
    en: ['South Carolina'],
    es: ['Carolina del Sur'],
    zh: [
      '南卡罗来纳州', '南卡罗来纳', '南卡罗莱纳州', '南卡罗莱纳', '南卡州', '南卡',
      '南卡羅來納州', '南卡羅來納', '南卡羅萊納州', '南卡羅萊納',
    ],
    ko: ['사우스캐롤라이나', '사우스캐롤라이나주'],
    vi: ['Nam Carolina'],
    tl: ['Timog Carolina', 'Timog Karolina'],
    ar: ['كارولاينا الجنوبية', 'ولاية كارولاينا الجنوبية', 'ساوث كارولاينا', 'ولاية ساوث كارولاينا'],
  },
  SD: {
    en: ['South Dakota'],
    es: ['Dakota del Sur'],
    zh: ['南达科他州', '南达科他', '南達科他州', '南達科他'],
    ko: ['사우스다코타', '사우스다코타주'],
    vi: ['Nam Dakota'],
    tl: ['Timog Dakota'],
    ar: ['داكوتا الجنوبية', 'ولاية داكوتا الجنوبية', 'ساوث داكوتا', 'ولاية ساوث داكوتا'],
  },
  TN: {
    en: ['Tennessee'],
    es: ['Tenesí'],
    zh: ['田纳西州', '田纳西', '田納西州', '田納西'],
    ko: ['테네시', '테네시주'],
    ar: ['تينيسي', 'ولاية تينيسي', 'تنيسي', 'ولاية تنيسي'],
  },
  TX: {
    en: ['Texas'],
    es: ['Tejas'],
    zh: [
      '得克萨斯州', '得克萨斯', '德克萨斯州', '德克萨斯', '德州',
      '得克薩斯州', '得克薩斯', '德克薩斯州', '德克薩斯',
    ],
    ko: ['텍사스', '텍사스주'],
    tl: ['Teksas'],
    ar: ['تكساس', 'ولاية تكساس'],
  },
  UT: {
    en: ['Utah'],
    zh: ['犹他州', '犹他', '猶他州', '猶他'],
    ko: ['유타', '유타주'],
    ar: ['يوتا', 'ولاية يوتا'],
  },
  VT: {
    en: ['Vermont'],
    zh: ['佛蒙特州', '佛蒙特'],
    ko: ['버몬트', '버몬트주'],
    ar: ['فيرمونت', 'ولاية فيرمونت'],
  },
  VA: {
    en: ['Virginia'],
    zh: [
      '弗吉尼亚州', '弗吉尼亚', '维吉尼亚州', '维吉尼亚', '维州',
      '弗吉尼亞州', '弗吉尼亞', '維吉尼亞州', '維吉尼亞', '維州',
    ],
    ko: ['버지니아', '버지니아주'],
    tl: ['Birhinya'],
    ar: ['فرجينيا', 'ولاية فرجينيا', 'فيرجينيا', 'ولاية فيرجينيا'],
  },
  WA: {
    en: ['Washington', 'Washington State'],
    es: ['Estado de Washington'],
    zh: ['华盛顿州', '华盛顿', '华州', '華盛頓州', '華盛頓', '華州'],
    ko: ['워싱턴', '워싱턴주'],
    vi: ['Tiểu bang Washington'],
    tl: ['Estado ng Washington'],
    ar: ['واشنطن', 'ولاية واشنطن'],
  },
  WV: {
    en: ['West Virginia'],
    es: ['Virginia Occidental'],
    zh: [
      '西弗吉尼亚州', '西弗吉尼亚', '西维吉尼亚州', '西维吉尼亚',
      '西弗吉尼亞州', '西弗吉尼亞', '西維吉尼亞州', '西維吉尼亞',
    ],
    ko: ['웨스트버지니아', '웨스트버지니아주'],
    vi: ['Tây Virginia'],
    tl: ['Kanlurang Virginia', 'Kanlurang Birhinya'],
    ar: ['فرجينيا الغربية', 'ولاية فرجينيا الغربية', 'ويست فيرجينيا', 'ولاية ويست فيرجينيا'],
  },
  WI: {
    en: ['Wisconsin'],
    zh: ['威斯康星州', '威斯康星', '威斯康辛州', '威斯康辛'],
    ko: ['위스콘신', '위스콘신주'],
    ar: ['ويسكونسن', 'ولاية ويسكونسن'],
  },
  WY: {
    en: ['Wyoming'],
    zh: ['怀俄明州', '怀俄明', '懷俄明州', '懷俄明'],
    ko: ['와이오밍', '와이오밍주'],
    ar: ['وايومنغ', 'ولاية وايومنغ', 'وايومنج', 'ولاية وايومنج'],
  },
  PR: {
    en: ['Puerto Rico'],
    zh: ['波多黎各'],
    ko: ['푸에르토리코'],
    tl: ['Puwerto Riko'],
    ar: ['بورتوريكو'],
  },
  GU: {
    en: ['Guam'],
    zh: ['关岛', '關島'],
    ko: ['괌'],
    ar: ['غوام', 'جوام'],
  },
  VI: {
    en: ['U.S. Virgin Islands', 'US Virgin Islands', 'Virgin Islands'],
    es: ['Islas Vírgenes', 'Islas Vírgenes de los Estados Unidos'],
    zh: [
      '美属维尔京群岛', '美属维京群岛', '维尔京群岛', '维京群岛',
      '美屬維爾京群島', '美屬維京群島', '維爾京群島', '維京群島',
    ],
    ko: ['미국령 버진아일랜드', '버진아일랜드'],
    vi: ['Quần đảo Virgin thuộc Mỹ'],
    tl: ['Kapuluang Birhen ng Estados Unidos'],
    ar: ['جزر العذراء الأمريكية', 'جزر العذراء التابعة للولايات المتحدة', 'جزر العذراء'],
  },
  AS: {
    en: ['American Samoa'],
    es: ['Samoa Americana'],
    zh: ['美属萨摩亚', '美屬薩摩亞'],
    ko: ['아메리칸사모아', '미국령 사모아'],
    vi: ['Samoa thuộc Mỹ'],
    tl: ['Samoang Amerikano'],
    ar: ['ساموا الأمريكية'],
  },
  MP: {
    en: ['Northern Mariana Islands', 'Northern Marianas'],
    es: ['Islas Marianas del Norte'],
    zh: ['北马里亚纳群岛', '北馬里亞納群島'],
    ko: ['북마리아나 제도'],
    vi: ['Quần đảo Bắc Mariana'],
    tl: ['Kapuluang Hilagang Mariana'],
    ar: ['جزر ماريانا الشمالية'],
  },
};

/** Postal code → every name of that state or territory (English first, then the other languages). */
export const US_STATE_NAMES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(US_STATE_NAMES_BY_LANGUAGE).map(([code, names]) => [
    code,
    [...new Set(US_STATE_NAME_LANGUAGES.flatMap((lang) => names[lang] ?? []))],
  ]),
);
