/**
 * Vocabulary of the evaluation set, written for it: company and person names, real Thai address areas
 * (sub-district / district / province / postcode that belong together), goods and services with their
 * units and price ranges, banks. Names are invented; any likeness to a real business is chance.
 */

/** [Thai, English] */
export type Pair = readonly [string, string];

/** Name stems of Thai companies and shops, with the romanization a company would register. */
export const COMPANY_STEMS: readonly Pair[] = [
  ['สยามรุ่งเรือง', 'Siam Rungruang'],
  ['ไทยเจริญกิจ', 'Thai Charoenkit'],
  ['ศรีสมบูรณ์', 'Sri Somboon'],
  ['มั่นคงพัฒนา', 'Mankong Pattana'],
  ['ทวีทรัพย์', 'Thawee Sap'],
  ['เจริญผล', 'Charoenpol'],
  ['ชัยมงคล', 'Chaimongkol'],
  ['ธนาวัฒน์', 'Thanawat'],
  ['รุ่งโรจน์', 'Rungroj'],
  ['อุดมสุข', 'Udomsuk'],
  ['ประเสริฐภัณฑ์', 'Prasertpan'],
  ['เอส.พี.เค.', 'S.P.K.'],
  ['เค.ซี.เอ็ม.', 'K.C.M.'],
  ['ที.เอ็น. กรุ๊ป', 'T.N. Group'],
  ['บางนาการช่าง', 'Bangna Karnchang'],
  ['ล้านนาวิศวกรรม', 'Lanna Engineering'],
  ['อันดามันซีฟู้ด', 'Andaman Seafood'],
  ['บูรพาขนส่ง', 'Burapha Transport'],
  ['โคราชค้าวัสดุ', 'Korat Kha Watsadu'],
  ['นครไทยพลาสติก', 'Nakornthai Plastic'],
  ['สุขสวัสดิ์', 'Suksawat'],
  ['กรีนเทค', 'Greentech'],
  ['ไบรท์ไลน์', 'Brightline'],
  ['ยูไนเต็ด ฟาร์มา', 'United Pharma'],
  ['โกลเด้นแลนด์', 'Golden Land'],
  ['ซิลเวอร์สตาร์', 'Silver Star'],
  ['วีพลัส', 'V-Plus'],
  ['พี.พี. ออฟฟิศ', 'P.P. Office'],
  ['เมกะโปร', 'Megapro'],
  ['แสงทองการพิมพ์', 'Saengthong Printing'],
  ['ทองไทยเฟอร์นิเจอร์', 'Thongthai Furniture'],
  ['ศิริวัฒนา', 'Siriwattana'],
  ['เอเชียคอมพิวเตอร์', 'Asia Computer'],
  ['อินโนเวทีฟ', 'Innovative'],
  ['นิวเจเนอเรชั่น', 'New Generation'],
  ['บ้านสวนเกษตร', 'Baansuan Kaset'],
  ['แม่กลองฟู้ด', 'Maeklong Food'],
  ['ปัญญาดิจิทัล', 'Panya Digital'],
  ['ไทยสเตนเลส', 'Thai Stainless'],
  ['สามพรานโลหะกิจ', 'Sampran Loha Kit'],
  ['ดี.ดี. เมดิคอล', 'D.D. Medical'],
  ['ชลบุรีออโต้', 'Chonburi Auto'],
  ['เชียงใหม่คราฟท์', 'Chiangmai Craft'],
  ['พรีเมียร์ แพ็ค', 'Premier Pack'],
  ['คลีนโปร', 'Cleanpro'],
  ['ราชพฤกษ์', 'Ratchaphruek'],
  ['ภูเก็ตมารีน', 'Phuket Marine'],
  ['เอ็มเอสที', 'MST'],
];

/** What follows the stem: the line of business, with its English form ('' = nothing). */
export const COMPANY_BUSINESS: readonly Pair[] = [
  ['เทรดดิ้ง', 'Trading'],
  ['อินเตอร์เทรด', 'Intertrade'],
  ['เอ็นจิเนียริ่ง', 'Engineering'],
  ['ซัพพลาย', 'Supply'],
  ['โลจิสติกส์', 'Logistics'],
  ['คอนสตรัคชั่น', 'Construction'],
  ['เทคโนโลยี', 'Technology'],
  ['ซิสเต็มส์', 'Systems'],
  ['ฟู้ดส์', 'Foods'],
  ['อิเล็คทริค', 'Electric'],
  ['แมนูแฟคเจอริ่ง', 'Manufacturing'],
  ['คอนซัลแตนท์', 'Consultant'],
  ['แอนด์ ซันส์', '& Sons'],
  ['เซอร์วิส', 'Service'],
  ['มาร์เก็ตติ้ง', 'Marketing'],
  ['', ''],
  ['', ''],
];

export const FIRST_NAMES: readonly Pair[] = [
  ['สมชาย', 'Somchai'],
  ['สมศักดิ์', 'Somsak'],
  ['วิชัย', 'Wichai'],
  ['ประเสริฐ', 'Prasert'],
  ['สุรชัย', 'Surachai'],
  ['ธนากร', 'Thanakorn'],
  ['ณัฐวุฒิ', 'Nattawut'],
  ['กิตติพงษ์', 'Kittipong'],
  ['อนุชา', 'Anucha'],
  ['พงศกร', 'Pongsakorn'],
  ['สุนิสา', 'Sunisa'],
  ['วรรณา', 'Wanna'],
  ['กาญจนา', 'Kanchana'],
  ['ปิยะนุช', 'Piyanuch'],
  ['ศิริพร', 'Siriporn'],
  ['อรุณี', 'Arunee'],
  ['ณัฐธิดา', 'Natthida'],
  ['พรทิพย์', 'Pornthip'],
  ['จิราพร', 'Jiraporn'],
  ['สุภาพร', 'Supaporn'],
  ['ชยพล', 'Chayapol'],
  ['ภาณุวัฒน์', 'Panuwat'],
];
/** Whether a first name above is a woman's (for นาง/นางสาว). */
export const FEMALE_FIRST = new Set([
  'สุนิสา',
  'วรรณา',
  'กาญจนา',
  'ปิยะนุช',
  'ศิริพร',
  'อรุณี',
  'ณัฐธิดา',
  'พรทิพย์',
  'จิราพร',
  'สุภาพร',
]);
export const LAST_NAMES: readonly Pair[] = [
  ['ใจดี', 'Jaidee'],
  ['ศรีสุข', 'Srisuk'],
  ['วงศ์สวัสดิ์', 'Wongsawat'],
  ['แก้วมณี', 'Kaewmanee'],
  ['ทองดี', 'Thongdee'],
  ['บุญมา', 'Boonma'],
  ['สุขเจริญ', 'Sukcharoen'],
  ['รัตนพันธ์', 'Rattanapan'],
  ['พึ่งบุญ', 'Puengboon'],
  ['ชัยวัฒน์', 'Chaiwat'],
  ['เกียรติศักดิ์', 'Kiattisak'],
  ['อินทรประเสริฐ', 'Intaraprasert'],
  ['จันทร์หอม', 'Janhom'],
  ['ธรรมรักษ์', 'Thammarak'],
  ['ลิ้มวัฒนา', 'Limwattana'],
];

/** A place: sub-district, district, province, postcode (Thai, English) that belong together. */
export interface Area {
  sub: Pair;
  district: Pair;
  province: Pair;
  postcode: string;
  /** Province code used in a juristic tax ID's registration office digits. */
  office: string;
  roads: readonly Pair[];
}

const BKK: Pair = ['กรุงเทพมหานคร', 'Bangkok'];
export const AREAS: readonly Area[] = [
  {
    sub: ['สีลม', 'Silom'],
    district: ['บางรัก', 'Bang Rak'],
    province: BKK,
    postcode: '10500',
    office: '10',
    roads: [
      ['สีลม', 'Silom Road'],
      ['สุรวงศ์', 'Surawong Road'],
    ],
  },
  {
    sub: ['คลองเตยเหนือ', 'Khlong Toei Nuea'],
    district: ['วัฒนา', 'Watthana'],
    province: BKK,
    postcode: '10110',
    office: '10',
    roads: [
      ['สุขุมวิท', 'Sukhumvit Road'],
      ['อโศกมนตรี', 'Asok Montri Road'],
    ],
  },
  {
    sub: ['ลุมพินี', 'Lumphini'],
    district: ['ปทุมวัน', 'Pathum Wan'],
    province: BKK,
    postcode: '10330',
    office: '10',
    roads: [
      ['วิทยุ', 'Witthayu Road'],
      ['เพลินจิต', 'Phloen Chit Road'],
    ],
  },
  {
    sub: ['จอมพล', 'Chom Phon'],
    district: ['จตุจักร', 'Chatuchak'],
    province: BKK,
    postcode: '10900',
    office: '10',
    roads: [
      ['ลาดพร้าว', 'Lat Phrao Road'],
      ['พหลโยธิน', 'Phahonyothin Road'],
    ],
  },
  {
    sub: ['ห้วยขวาง', 'Huai Khwang'],
    district: ['ห้วยขวาง', 'Huai Khwang'],
    province: BKK,
    postcode: '10310',
    office: '10',
    roads: [
      ['รัชดาภิเษก', 'Ratchadaphisek Road'],
      ['ประชาอุทิศ', 'Pracha Uthit Road'],
    ],
  },
  {
    sub: ['บางนาเหนือ', 'Bang Na Nuea'],
    district: ['บางนา', 'Bang Na'],
    province: BKK,
    postcode: '10260',
    office: '10',
    roads: [
      ['บางนา-ตราด', 'Bang Na-Trat Road'],
      ['สุขุมวิท', 'Sukhumvit Road'],
    ],
  },
  {
    sub: ['ทุ่งมหาเมฆ', 'Thung Maha Mek'],
    district: ['สาทร', 'Sathon'],
    province: BKK,
    postcode: '10120',
    office: '10',
    roads: [
      ['สาทรใต้', 'South Sathon Road'],
      ['นางลิ้นจี่', 'Nang Linchi Road'],
    ],
  },
  {
    sub: ['สามเสนใน', 'Samsen Nai'],
    district: ['พญาไท', 'Phaya Thai'],
    province: BKK,
    postcode: '10400',
    office: '10',
    roads: [
      ['พหลโยธิน', 'Phahonyothin Road'],
      ['ประดิพัทธ์', 'Pradiphat Road'],
    ],
  },
  {
    sub: ['หัวหมาก', 'Hua Mak'],
    district: ['บางกะปิ', 'Bang Kapi'],
    province: BKK,
    postcode: '10240',
    office: '10',
    roads: [
      ['รามคำแหง', 'Ramkhamhaeng Road'],
      ['ศรีนครินทร์', 'Srinagarindra Road'],
    ],
  },
  {
    sub: ['ดอนเมือง', 'Don Mueang'],
    district: ['ดอนเมือง', 'Don Mueang'],
    province: BKK,
    postcode: '10210',
    office: '10',
    roads: [
      ['วิภาวดีรังสิต', 'Vibhavadi Rangsit Road'],
      ['สรงประภา', 'Song Prapha Road'],
    ],
  },
  {
    sub: ['บางพลีใหญ่', 'Bang Phli Yai'],
    district: ['บางพลี', 'Bang Phli'],
    province: ['สมุทรปราการ', 'Samut Prakan'],
    postcode: '10540',
    office: '11',
    roads: [
      ['บางนา-ตราด', 'Bang Na-Trat Road'],
      ['เทพารักษ์', 'Theparak Road'],
    ],
  },
  {
    sub: ['บางกระสอ', 'Bang Kraso'],
    district: ['เมืองนนทบุรี', 'Mueang Nonthaburi'],
    province: ['นนทบุรี', 'Nonthaburi'],
    postcode: '11000',
    office: '12',
    roads: [
      ['งามวงศ์วาน', 'Ngamwongwan Road'],
      ['รัตนาธิเบศร์', 'Rattanathibet Road'],
    ],
  },
  {
    sub: ['บางตลาด', 'Bang Talat'],
    district: ['ปากเกร็ด', 'Pak Kret'],
    province: ['นนทบุรี', 'Nonthaburi'],
    postcode: '11120',
    office: '12',
    roads: [['แจ้งวัฒนะ', 'Chaeng Watthana Road']],
  },
  {
    sub: ['คลองหนึ่ง', 'Khlong Nueng'],
    district: ['คลองหลวง', 'Khlong Luang'],
    province: ['ปทุมธานี', 'Pathum Thani'],
    postcode: '12120',
    office: '13',
    roads: [['พหลโยธิน', 'Phahonyothin Road']],
  },
  {
    sub: ['สุรศักดิ์', 'Surasak'],
    district: ['ศรีราชา', 'Si Racha'],
    province: ['ชลบุรี', 'Chon Buri'],
    postcode: '20110',
    office: '20',
    roads: [['สุขุมวิท', 'Sukhumvit Road']],
  },
  {
    sub: ['หนองปรือ', 'Nong Prue'],
    district: ['บางละมุง', 'Bang Lamung'],
    province: ['ชลบุรี', 'Chon Buri'],
    postcode: '20150',
    office: '20',
    roads: [['เทพประสิทธิ์', 'Thepprasit Road']],
  },
  {
    sub: ['มาบตาพุด', 'Map Ta Phut'],
    district: ['เมืองระยอง', 'Mueang Rayong'],
    province: ['ระยอง', 'Rayong'],
    postcode: '21150',
    office: '21',
    roads: [['สุขุมวิท', 'Sukhumvit Road']],
  },
  {
    sub: ['ช้างคลาน', 'Chang Khlan'],
    district: ['เมืองเชียงใหม่', 'Mueang Chiang Mai'],
    province: ['เชียงใหม่', 'Chiang Mai'],
    postcode: '50100',
    office: '50',
    roads: [
      ['ช้างคลาน', 'Chang Khlan Road'],
      ['เจริญประเทศ', 'Charoen Prathet Road'],
    ],
  },
  {
    sub: ['ในเมือง', 'Nai Mueang'],
    district: ['เมืองขอนแก่น', 'Mueang Khon Kaen'],
    province: ['ขอนแก่น', 'Khon Kaen'],
    postcode: '40000',
    office: '40',
    roads: [
      ['มิตรภาพ', 'Mittraphap Road'],
      ['ศรีจันทร์', 'Si Chan Road'],
    ],
  },
  {
    sub: ['หาดใหญ่', 'Hat Yai'],
    district: ['หาดใหญ่', 'Hat Yai'],
    province: ['สงขลา', 'Songkhla'],
    postcode: '90110',
    office: '90',
    roads: [
      ['เพชรเกษม', 'Phetkasem Road'],
      ['นิพัทธ์อุทิศ 3', 'Niphat Uthit 3 Road'],
    ],
  },
  {
    sub: ['ในเมือง', 'Nai Mueang'],
    district: ['เมืองนครราชสีมา', 'Mueang Nakhon Ratchasima'],
    province: ['นครราชสีมา', 'Nakhon Ratchasima'],
    postcode: '30000',
    office: '30',
    roads: [
      ['มิตรภาพ', 'Mittraphap Road'],
      ['ราชดำเนิน', 'Ratchadamnoen Road'],
    ],
  },
  {
    sub: ['ตลาดใหญ่', 'Talat Yai'],
    district: ['เมืองภูเก็ต', 'Mueang Phuket'],
    province: ['ภูเก็ต', 'Phuket'],
    postcode: '83000',
    office: '83',
    roads: [['เยาวราช', 'Yaowarat Road']],
  },
  {
    sub: ['อ้อมน้อย', 'Om Noi'],
    district: ['กระทุ่มแบน', 'Krathum Baen'],
    province: ['สมุทรสาคร', 'Samut Sakhon'],
    postcode: '74130',
    office: '74',
    roads: [['เพชรเกษม', 'Phetkasem Road']],
  },
  {
    sub: ['คลองสวนพลู', 'Khlong Suan Phlu'],
    district: ['พระนครศรีอยุธยา', 'Phra Nakhon Si Ayutthaya'],
    province: ['พระนครศรีอยุธยา', 'Phra Nakhon Si Ayutthaya'],
    postcode: '13000',
    office: '14',
    roads: [['โรจนะ', 'Rojana Road']],
  },
];

/** Office towers and buildings an address may name (floor and room are added). */
export const BUILDINGS: readonly Pair[] = [
  ['อาคารวรสิทธิ์', 'Worasit Building'],
  ['อาคารสินสาทร ทาวเวอร์', 'Sinsathorn Tower'],
  ['อาคารเอ็มไพร์พลาซ่า', 'Empire Plaza'],
  ['อาคารชาญอิสสระ', 'Charn Issara Building'],
  ['อาคารไทยประกัน', 'Thai Prakan Building'],
  ['อาคารพีเอ็มทาวเวอร์', 'PM Tower'],
];

/** One kind of goods or service: Thai and English description, unit, unit-price range in baht. */
export interface Good {
  th: string;
  en: string;
  unit: Pair;
  price: readonly [number, number];
  /** Sold in fractional quantities (kg, m³...). */
  fractional?: boolean;
}

/** Lines of business; each company trades in one. */
export const TRADES: Readonly<Record<string, readonly Good[]>> = {
  office: [
    { th: 'กระดาษถ่ายเอกสาร A4 80 แกรม', en: 'A4 copy paper 80 gsm', unit: ['รีม', 'ream'], price: [105, 145] },
    {
      th: 'ปากกาลูกลื่น สีน้ำเงิน 0.5 มม.',
      en: 'Ballpoint pen, blue 0.5 mm',
      unit: ['โหล', 'dozen'],
      price: [60, 120],
    },
    { th: 'แฟ้มสันกว้าง 3 นิ้ว', en: 'Lever arch file 3"', unit: ['เล่ม', 'pc'], price: [65, 95] },
    { th: 'หมึกพิมพ์เลเซอร์ HP 85A', en: 'HP 85A toner cartridge', unit: ['ตลับ', 'pc'], price: [1890, 2650] },
    { th: 'ลวดเย็บกระดาษ เบอร์ 10', en: 'Staples No.10', unit: ['กล่อง', 'box'], price: [8, 15] },
    {
      th: 'ซองเอกสารสีน้ำตาล A4 ขยายข้าง',
      en: 'Brown expanding envelope A4',
      unit: ['แพ็ค', 'pack'],
      price: [85, 140],
    },
    {
      th: 'เครื่องคิดเลข Casio 12 หลัก',
      en: 'Casio 12-digit calculator',
      unit: ['เครื่อง', 'unit'],
      price: [390, 690],
    },
  ],
  it: [
    {
      th: 'โน้ตบุ๊ก Lenovo ThinkPad E14 Gen 5',
      en: 'Lenovo ThinkPad E14 Gen 5 notebook',
      unit: ['เครื่อง', 'unit'],
      price: [24900, 32900],
    },
    {
      th: 'จอมอนิเตอร์ Dell 24 นิ้ว P2422H',
      en: 'Dell 24" monitor P2422H',
      unit: ['เครื่อง', 'unit'],
      price: [5290, 6990],
    },
    {
      th: 'เมาส์ไร้สาย Logitech M331',
      en: 'Logitech M331 wireless mouse',
      unit: ['ชิ้น', 'pc'],
      price: [390, 590],
    },
    {
      th: 'สาย LAN CAT6 (กล่อง 305 เมตร)',
      en: 'CAT6 LAN cable (305 m box)',
      unit: ['กล่อง', 'box'],
      price: [3200, 4800],
    },
    { th: 'Switch 24 Port Gigabit', en: '24-port Gigabit switch', unit: ['ตัว', 'unit'], price: [4500, 9800] },
    {
      th: 'ค่าบริการติดตั้งระบบเครือข่าย',
      en: 'Network installation service',
      unit: ['งาน', 'job'],
      price: [8000, 45000],
    },
    {
      th: 'ค่าบำรุงรักษาระบบ (MA) รายปี',
      en: 'Annual maintenance (MA)',
      unit: ['ปี', 'year'],
      price: [18000, 96000],
    },
    {
      th: 'Microsoft 365 Business Standard (1 ปี)',
      en: 'Microsoft 365 Business Standard (1 year)',
      unit: ['User', 'user'],
      price: [4200, 4900],
    },
    { th: 'UPS 1000VA', en: 'UPS 1000VA', unit: ['เครื่อง', 'unit'], price: [2790, 4590] },
  ],
  construction: [
    { th: 'ปูนซีเมนต์ปอร์ตแลนด์ 50 กก.', en: 'Portland cement 50 kg', unit: ['ถุง', 'bag'], price: [135, 165] },
    { th: 'เหล็กเส้นกลม RB9 ยาว 10 ม.', en: 'Round bar RB9, 10 m', unit: ['เส้น', 'bar'], price: [118, 160] },
    { th: 'ทรายหยาบ', en: 'Coarse sand', unit: ['คิว', 'm³'], price: [420, 650], fractional: true },
    { th: 'อิฐมอญ', en: 'Clay brick', unit: ['ก้อน', 'pc'], price: [1.2, 1.8] },
    { th: 'ท่อ PVC 4 นิ้ว ชั้น 8.5', en: 'PVC pipe 4" class 8.5', unit: ['เส้น', 'pc'], price: [380, 520] },
    { th: 'สีทาภายนอก 5 แกลลอน', en: 'Exterior paint 5 gal', unit: ['ถัง', 'pail'], price: [2450, 3900] },
    { th: 'ค่าแรงช่างติดตั้ง', en: 'Installation labour', unit: ['วัน', 'day'], price: [650, 1200] },
    { th: 'กระเบื้องพื้น 60x60 ซม.', en: 'Floor tile 60x60 cm', unit: ['กล่อง', 'box'], price: [289, 459] },
  ],
  food: [
    { th: 'ข้าวหอมมะลิ 5 กก.', en: 'Jasmine rice 5 kg', unit: ['ถุง', 'bag'], price: [165, 245] },
    { th: 'น้ำมันพืช 1 ลิตร', en: 'Vegetable oil 1 L', unit: ['ขวด', 'bottle'], price: [48, 62] },
    {
      th: 'น้ำดื่ม 600 มล. (แพ็ค 12)',
      en: 'Drinking water 600 ml (12-pack)',
      unit: ['แพ็ค', 'pack'],
      price: [45, 69],
    },
    { th: 'ไข่ไก่ เบอร์ 2', en: 'Eggs, size 2', unit: ['แผง', 'tray'], price: [110, 145] },
    { th: 'น้ำตาลทรายขาว 1 กก.', en: 'White sugar 1 kg', unit: ['ถุง', 'bag'], price: [24, 32] },
    { th: 'กุ้งขาวแช่แข็ง', en: 'Frozen white shrimp', unit: ['กก.', 'kg'], price: [240, 390], fractional: true },
  ],
  services: [
    {
      th: 'ค่าที่ปรึกษาด้านบัญชีและภาษี',
      en: 'Accounting and tax advisory',
      unit: ['เดือน', 'month'],
      price: [6000, 25000],
    },
    {
      th: 'ค่าขนส่งสินค้า กรุงเทพฯ-ชลบุรี',
      en: 'Freight Bangkok-Chon Buri',
      unit: ['เที่ยว', 'trip'],
      price: [2500, 6500],
    },
    { th: 'ค่าเช่าพื้นที่สำนักงาน', en: 'Office space rental', unit: ['เดือน', 'month'], price: [18000, 85000] },
    { th: 'ค่าบริการทำความสะอาด', en: 'Cleaning service', unit: ['เดือน', 'month'], price: [9500, 32000] },
    { th: 'ค่าโฆษณาออนไลน์', en: 'Online advertising', unit: ['แคมเปญ', 'campaign'], price: [15000, 80000] },
    { th: 'ค่าออกแบบสื่อสิ่งพิมพ์', en: 'Print design', unit: ['งาน', 'job'], price: [3500, 18000] },
    {
      th: 'ค่าบริการรักษาความปลอดภัย',
      en: 'Security guard service',
      unit: ['เดือน', 'month'],
      price: [16000, 48000],
    },
  ],
  auto: [
    {
      th: 'น้ำมันเครื่อง 10W-40 (4 ลิตร)',
      en: 'Engine oil 10W-40 (4 L)',
      unit: ['แกลลอน', 'gal'],
      price: [890, 1450],
    },
    {
      th: 'ผ้าเบรกหน้า Toyota Vios',
      en: 'Front brake pads, Toyota Vios',
      unit: ['ชุด', 'set'],
      price: [950, 1850],
    },
    { th: 'ยางรถยนต์ 195/65 R15', en: 'Tyre 195/65 R15', unit: ['เส้น', 'pc'], price: [1900, 3400] },
    { th: 'แบตเตอรี่รถยนต์ 65Ah', en: 'Car battery 65Ah', unit: ['ลูก', 'pc'], price: [2300, 3600] },
    { th: 'ค่าแรงเปลี่ยนถ่ายน้ำมันเครื่อง', en: 'Oil change labour', unit: ['ครั้ง', 'time'], price: [200, 450] },
  ],
  medical: [
    {
      th: 'ถุงมือยางทางการแพทย์ (กล่อง 100 ชิ้น)',
      en: 'Medical gloves (box of 100)',
      unit: ['กล่อง', 'box'],
      price: [120, 260],
    },
    {
      th: 'หน้ากากอนามัย 3 ชั้น (50 ชิ้น)',
      en: '3-ply face masks (50 pcs)',
      unit: ['กล่อง', 'box'],
      price: [59, 120],
    },
    { th: 'แอลกอฮอล์ 70% 450 มล.', en: 'Alcohol 70% 450 ml', unit: ['ขวด', 'bottle'], price: [45, 89] },
    { th: 'ชุดให้น้ำเกลือ', en: 'IV infusion set', unit: ['ชุด', 'set'], price: [18, 35] },
  ],
  packaging: [
    {
      th: 'กล่องลูกฟูก 3 ชั้น 30x40x25 ซม.',
      en: 'Corrugated box 3-ply 30x40x25 cm',
      unit: ['ใบ', 'pc'],
      price: [9.5, 18],
    },
    { th: 'เทปใส OPP 2 นิ้ว 100 หลา', en: 'OPP clear tape 2" 100 yd', unit: ['ม้วน', 'roll'], price: [28, 45] },
    {
      th: 'พาเลทพลาสติก 110x110 ซม.',
      en: 'Plastic pallet 110x110 cm',
      unit: ['ตัว', 'pc'],
      price: [650, 1250],
    },
    { th: 'ฟิล์มยืดพันพาเลท 17 ไมครอน', en: 'Stretch film 17 micron', unit: ['ม้วน', 'roll'], price: [220, 380] },
  ],
};

/** Retail shop items for till receipts (VAT-inclusive prices). */
export const RETAIL: readonly Good[] = [
  { th: 'กาแฟเย็น', en: 'Iced coffee', unit: ['แก้ว', 'cup'], price: [45, 75] },
  { th: 'ชาไทยเย็น', en: 'Thai iced tea', unit: ['แก้ว', 'cup'], price: [40, 65] },
  { th: 'ขนมปังโฮลวีท', en: 'Whole wheat bread', unit: ['ถุง', 'bag'], price: [39, 59] },
  { th: 'น้ำยาล้างจาน 500 มล.', en: 'Dish soap 500 ml', unit: ['ขวด', 'bottle'], price: [29, 45] },
  { th: 'ถ่านอัลคาไลน์ AA (แพ็ค 4)', en: 'AA alkaline (4-pack)', unit: ['แพ็ค', 'pack'], price: [89, 139] },
  { th: 'สมุดปกอ่อน 60 แผ่น', en: 'Notebook 60 sheets', unit: ['เล่ม', 'pc'], price: [15, 29] },
  { th: 'ข้าวผัดกะเพราไก่', en: 'Basil chicken rice', unit: ['จาน', 'plate'], price: [55, 85] },
  { th: 'น้ำมันแก๊สโซฮอล์ 95', en: 'Gasohol 95', unit: ['ลิตร', 'L'], price: [35.5, 38.9], fractional: true },
];

export const BANKS: readonly Pair[] = [
  ['ธนาคารกสิกรไทย', 'Kasikornbank'],
  ['ธนาคารไทยพาณิชย์', 'Siam Commercial Bank'],
  ['ธนาคารกรุงเทพ', 'Bangkok Bank'],
  ['ธนาคารกรุงไทย', 'Krungthai Bank'],
  ['ธนาคารกรุงศรีอยุธยา', 'Bank of Ayudhya'],
  ['ธนาคารทหารไทยธนชาต', 'TMBThanachart Bank'],
];

/** Job titles for signature blocks and letters. */
export const TITLES: readonly Pair[] = [
  ['กรรมการผู้จัดการ', 'Managing Director'],
  ['ผู้จัดการฝ่ายบัญชีและการเงิน', 'Finance & Accounting Manager'],
  ['ผู้จัดการฝ่ายจัดซื้อ', 'Purchasing Manager'],
  ['ผู้จัดการฝ่ายขาย', 'Sales Manager'],
  ['ผู้อำนวยการฝ่ายปฏิบัติการ', 'Operations Director'],
];
