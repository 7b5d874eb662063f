# The .xlsx fixtures of XLSXTests, written by real spreadsheet writers (openpyxl 3.1.5 writes inline strings,
# XlsxWriter 3.2 shared strings): pip install openpyxl xlsxwriter; python3 make_fixtures.py
import datetime, openpyxl, xlsxwriter

rows = [["mobile", "label", "reason", "createdOn"],
        [919800000001, "Gold", "Quarterly review", datetime.datetime(2026, 1, 31, 15, 0, 0)],
        [919800000002, "VIP", "Révision café", None],
        [],
        [919800000004, "Gold", None, datetime.date(2026, 2, 1)]]
book = openpyxl.Workbook()
sheet = book.active
sheet.title = "Customers"
for row in rows:
    sheet.append(row)
other = book.create_sheet("Other")
other.append(["mobile", "label", "reason"])
other.append([919800000099, "Silver", "second sheet"])
book.save("inline-openpyxl.xlsx")

rows[2][2] = "Révision café & <co>"
book = xlsxwriter.Workbook("shared-xlsxwriter.xlsx")
sheet = book.add_worksheet("Customers")
moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
day = book.add_format({"num_format": "dd/mm/yyyy"})
for i, row in enumerate(rows):
    for j, value in enumerate(row):
        if isinstance(value, datetime.datetime):
            sheet.write_datetime(i, j, value, moment)
        elif isinstance(value, datetime.date):
            sheet.write_datetime(i, j, datetime.datetime(value.year, value.month, value.day), day)
        elif value is not None:
            sheet.write(i, j, value)
other = book.add_worksheet("Other")
other.write_row(0, 0, ["mobile", "label", "reason"])
other.write_row(1, 0, [919800000099, "Silver", "second sheet"])
book.close()
