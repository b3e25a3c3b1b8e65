/**
 * North American Numbering Plan area codes → the IANA time zone most of the area code's people
 * live in. Used only to guess quiet hours for a +1 number whose owner declared no zone.
 *
 * Where a state or an area code straddles two zones the majority (by population) wins, noted
 * inline. Overlays are listed with their parent area. Recent overlays whose assignment could not
 * be confirmed are left out on purpose: an unknown code falls back to the configured zone, which
 * is better than a wrong guess.
 */

const ZONES: Record<string, string> = {};

function add(zone: string, codes: string): void {
  for (const code of codes.trim().split(/\s+/)) ZONES[code] = zone;
}

const NEW_YORK = 'America/New_York';
const CHICAGO = 'America/Chicago';
const DENVER = 'America/Denver';
const LOS_ANGELES = 'America/Los_Angeles';

// ---- United States ------------------------------------------------------------------------
// Eastern
add(NEW_YORK, '203 475 860 959'); // Connecticut
add(NEW_YORK, '302'); // Delaware
add(NEW_YORK, '202 771'); // District of Columbia
// Florida (850/448, the panhandle, is listed under Central)
add(NEW_YORK, '239 305 321 324 352 386 407 561 645 656 689 727 728 754 772 786 813 863 904 941 954');
add(NEW_YORK, '229 404 470 478 678 706 762 770 912 943'); // Georgia
add(NEW_YORK, '502 606 859'); // Kentucky, eastern half (270/364 are Central)
add(NEW_YORK, '207'); // Maine
add(NEW_YORK, '227 240 301 410 443 667'); // Maryland
add(NEW_YORK, '339 351 413 508 617 774 781 857 978'); // Massachusetts
add(NEW_YORK, '603'); // New Hampshire
add(NEW_YORK, '201 551 609 640 732 848 856 862 908 973'); // New Jersey
add(NEW_YORK, '212 315 332 347 363 516 518 585 607 631 646 680 716 718 838 845 914 917 929 934'); // New York
add(NEW_YORK, '252 336 704 743 828 910 919 980 984'); // North Carolina
add(NEW_YORK, '216 220 234 326 330 380 419 440 513 567 614 740 937'); // Ohio
add(NEW_YORK, '215 223 267 272 412 445 484 570 582 610 717 724 814 835 878'); // Pennsylvania
add(NEW_YORK, '401'); // Rhode Island
add(NEW_YORK, '803 839 843 854 864'); // South Carolina
add(NEW_YORK, '423 865'); // Tennessee, east
add(NEW_YORK, '802'); // Vermont
add(NEW_YORK, '276 434 540 571 703 757 804 826 948'); // Virginia
add(NEW_YORK, '304 681'); // West Virginia
// Michigan: 906 (Upper Peninsula) is mostly Eastern; four western counties are Central.
add('America/Detroit', '231 248 269 313 517 586 616 679 734 810 906 947 989');
// Indiana is Eastern except the Chicago and Evansville corners: 219 (Gary) is Central,
// 812/930 are mostly Eastern.
add('America/Indiana/Indianapolis', '260 317 463 574 765 812 930');

// Central
add(CHICAGO, '205 251 256 334 659 938'); // Alabama
add(CHICAGO, '327 479 501 870'); // Arkansas
add(CHICAGO, '448 850'); // Florida panhandle: Pensacola-Panama City (Central) outnumber Tallahassee
add(CHICAGO, '217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 872'); // Illinois
add(CHICAGO, '219'); // Indiana, Lake County
add(CHICAGO, '319 515 563 641 712'); // Iowa
add(CHICAGO, '316 620 785 913'); // Kansas (a few western counties are Mountain)
add(CHICAGO, '270 364'); // Kentucky, western (Bowling Green, Paducah, Owensboro)
add(CHICAGO, '225 318 337 504 985'); // Louisiana
add(CHICAGO, '218 320 507 612 651 763 952'); // Minnesota
add(CHICAGO, '228 601 662 769'); // Mississippi
add(CHICAGO, '314 417 557 573 636 660 816 975'); // Missouri
add(CHICAGO, '308 402 531'); // Nebraska (the panhandle of 308 is Mountain, most of it is not)
add(CHICAGO, '701'); // North Dakota (south-west corner is Mountain)
add(CHICAGO, '405 539 572 580 918'); // Oklahoma
add(CHICAGO, '605'); // South Dakota (west river is Mountain; Sioux Falls is not)
add(CHICAGO, '615 629 731 901 931'); // Tennessee, middle and west
// Texas (915, El Paso, is Mountain)
add(CHICAGO, '210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 936 940 945 956 972 979');
add(CHICAGO, '262 274 353 414 534 608 715 920'); // Wisconsin

// Mountain
add(DENVER, '303 719 720 970 983'); // Colorado
add(DENVER, '406'); // Montana
add(DENVER, '505 575'); // New Mexico
add(DENVER, '915'); // Texas, El Paso
add(DENVER, '385 435 801'); // Utah
add(DENVER, '307'); // Wyoming
add('America/Boise', '208 986'); // Idaho: the south (Boise) is Mountain, the panhandle Pacific
add('America/Phoenix', '480 520 602 623 928'); // Arizona: no daylight saving time

// Pacific
add(
  LOS_ANGELES,
  '209 213 279 310 323 341 350 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 747 760 805 818 820 840 858 909 916 925 949 951',
); // California
add(LOS_ANGELES, '702 725 775'); // Nevada
add(LOS_ANGELES, '458 503 541 971'); // Oregon (Malheur County, in 541, is Mountain)
add(LOS_ANGELES, '206 253 360 425 509 564'); // Washington

add('America/Anchorage', '907'); // Alaska
add('Pacific/Honolulu', '808'); // Hawaii

// Territories
add('America/Puerto_Rico', '787 939');
add('America/St_Thomas', '340'); // U.S. Virgin Islands
add('Pacific/Guam', '671');
add('Pacific/Saipan', '670'); // Northern Mariana Islands
add('Pacific/Pago_Pago', '684'); // American Samoa

// ---- Canada -------------------------------------------------------------------------------
add('America/Vancouver', '236 250 604 672 778'); // British Columbia
add('America/Edmonton', '368 403 587 780 825'); // Alberta
add('America/Edmonton', '867'); // Yukon, NWT and Nunavut share 867; most of its people are on UTC-7 in summer
add('America/Regina', '306 474 639'); // Saskatchewan: no daylight saving time
add('America/Winnipeg', '204 431 584'); // Manitoba
add('America/Toronto', '226 249 289 343 365 382 416 437 519 548 613 647 683 705 742 753 807 905'); // Ontario
add('America/Toronto', '263 354 367 418 438 450 468 514 579 581 819 873'); // Quebec (Montreal = Toronto)
add('America/Moncton', '428 506'); // New Brunswick
add('America/Halifax', '782 902'); // Nova Scotia, Prince Edward Island
add('America/St_Johns', '709 879'); // Newfoundland and Labrador

// ---- Caribbean and Atlantic members of the NANP --------------------------------------------
add('America/Nassau', '242');
add('America/Barbados', '246');
add('America/Anguilla', '264');
add('America/Antigua', '268');
add('America/Tortola', '284');
add('America/Cayman', '345');
add('Atlantic/Bermuda', '441');
add('America/Grenada', '473');
add('America/Grand_Turk', '649');
add('America/Jamaica', '658 876');
add('America/Montserrat', '664');
add('America/Lower_Princes', '721');
add('America/St_Lucia', '758');
add('America/Dominica', '767');
add('America/St_Vincent', '784');
add('America/Santo_Domingo', '809 829 849');
add('America/Port_of_Spain', '868');
add('America/St_Kitts', '869');

/** Every area code in the table with its zone (read-only view, for tests and tooling). */
export const AREA_CODE_TIME_ZONES: Readonly<Record<string, string>> = Object.freeze({ ...ZONES });

/** The IANA time zone of a 3-digit NANP area code, or undefined when it is not in the table. */
export function timeZoneForAreaCode(areaCode: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(ZONES, areaCode) ? ZONES[areaCode] : undefined;
}
