# Makes the tests/data/api_workers* sample files (fake data: made-up names, ID numbers
# with a valid check digit and a 9xx sequence). Run: python3 tests/data/api_make_samples.py tests/data
import zipfile, io, sys
out = sys.argv[1]
W = [7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
def idn(region, birth, seq):
    f = region + birth + '%03d' % seq
    return f + '10X98765432'[sum(int(a)*b for a,b in zip(f,W)) % 11]
def bad_check(n):
    return n[:17] + ('1' if n[17] != '1' else '2')

HEADER = "人员编号,户编号,姓名,身份证号,劳动能力,就业困难人员,技能,纬度,经度,有就业意愿,意向工种,最远通勤公里,愿意出县,愿意出省,工作时间,最低月薪"
def rows(prefix, base):
    first = idn('430523', '19870312', base + 1)
    return [
        f"{prefix}01,H1,欧阳春燕,{first},全劳动力,否,6-05-01-01:3,27.0012,111.2634,是,6-05,15,是,否,全职,2500",
        f"{prefix}02,H1,欧阳建军,{idn('430523','19620708',base+3)},弱劳动力,是,,27.0012,111.2634,是,,5,否,否,居家,",
        f"{prefix}03,H2,司马丽娟,{bad_check(idn('430523','19910521',base+4))},全劳动力,否,,26.9931,111.3047,是,,30,否,否,全职,",
        f"{prefix}04,H2,诸葛小红,{idn('430523','19990101',base+6)},全劳动力,否,6-05-01-01:6,26.9931,111.3047,是,,30,否,否,全职,",
        f"{prefix}05,H404,上官明,{idn('430523','19800215',base+7)},全劳动力,否,,26.9931,111.3047,是,,30,否,否,全职,",
        f"{prefix}06,H2,东方海燕,{idn('430523','19951231',base+8)},全劳动力,否,\"6-05-01-01:2, 6-01-02:1\",26.8842,111.2013,是,6,50,Y,N,全职;兼职,1800",
        f"{prefix}07,H2,欧阳春花,{first},全劳动力,否,,26.8842,111.2013,是,,50,否,否,全职,",
    ]
# Excel's "CSV UTF-8": BOM and CRLF.
with open(f"{out}/api_workers_bom.csv", "wb") as f:
    f.write(b"\xef\xbb\xbf" + "\r\n".join([HEADER] + rows("B", 900)).encode("utf-8") + b"\r\n")
# Chinese Excel's plain "CSV": GBK and CRLF.
with open(f"{out}/api_workers_gbk.csv", "wb") as f:
    f.write("\r\n".join([HEADER] + rows("G", 920)).encode("gbk") + b"\r\n")

# .xlsx: shared strings for the header, inline strings and numbers for data;
# one ID number typed as a number (Excel keeps 15 digits).
def col(i):
    return chr(ord('A') + i)
def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
heads = HEADER.split(",")
data = [
    ["X01", "H1", "慕容秋菊", idn('430523','19760909',941), "全劳动力", "否", "6-05-01-01:2", 27.0012, 111.2634, "是", "6-05", 15, "否", "否", "全职", 2200],
    ["X02", "H1", "慕容大海", 4.30523197609094e17, "全劳动力", "否", "", 27.0012, 111.2634, "是", "", 15, "否", "否", "全职", None],
    ["X03", "H2", "皇甫小芳", idn('430523','20010228',944), "弱劳动力", "是", "", 26.9931, 111.3047, "否", "", 0, "否", "否", "居家", None],
]
sst = "".join(f"<si><t>{esc(h)}</t></si>" for h in heads)
sheet_rows = ['<row r="1">' + "".join(f'<c r="{col(i)}1" t="s"><v>{i}</v></c>' for i in range(len(heads))) + "</row>"]
for r, row in enumerate(data, start=2):
    cells = []
    for i, v in enumerate(row):
        ref = f"{col(i)}{r}"
        if v is None or v == "":
            continue
        if isinstance(v, (int, float)):
            cells.append(f'<c r="{ref}"><v>{v:.15g}</v></c>' if isinstance(v, float) else f'<c r="{ref}"><v>{v}</v></c>')
        else:
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{esc(v)}</t></is></c>')
    sheet_rows.append(f'<row r="{r}">' + "".join(cells) + "</row>")
files = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="劳动力" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(heads)}" uniqueCount="{len(heads)}">{sst}</sst>',
    "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + "".join(sheet_rows) + "</sheetData></worksheet>",
}
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in files.items():
        info = zipfile.ZipInfo(name, date_time=(2026, 11, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, text.encode("utf-8"))
with open(f"{out}/api_workers.xlsx", "wb") as f:
    f.write(buf.getvalue())
