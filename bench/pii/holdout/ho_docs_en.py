"""English documents for the held-out PII test set: support chats, order confirmations, onboarding forms,
bank/wire notices, CSV, JSON, server logs (nginx, syslog, JSON), e-mails with signatures, news, claims and
travel bookings."""

from __future__ import annotations

import ho_words as W
from ho_doc import Doc, N, V, write_json
from ho_docs_zh import Clock
from ho_negatives import Gen

PER, PH, ID, CC, SSN, IP, IBAN, PP, BA, PL, DOB, ADDR, EM = (
    "PERSON", "PHONE", "CN_RESIDENT_ID", "CREDIT_CARD", "US_SSN", "IP_ADDRESS", "IBAN", "PASSPORT",
    "BANK_ACCOUNT", "CN_LICENSE_PLATE", "DATE_OF_BIRTH", "ADDRESS", "EMAIL",
)  # fmt: skip


def hhmm(g: Gen) -> str:
    return f"{g.r.randint(0, 23):02d}:{g.r.randint(0, 59):02d}"


def other_date(g: Gen) -> N:
    return N(g.date_en(g.birth(2022, 2025)), "date")


def name_and_mail(g: Gen) -> tuple[str, str]:
    name = g.en_name()
    parts = name.replace(".", "").split()
    return name, g.email(parts[0] + parts[-1] if g.r.random() < 0.5 else parts[0][0] + parts[-1])


def chat(g: Gen, d: Doc) -> None:
    r = g.r
    name = g.en_name()
    sur = name.split()[-1]
    agent = r.choice(["Agent", "Support", "Bot", "Agent (Bot)", "Concierge"])
    style = r.randrange(3)
    clock = Clock(g)

    def say(person: bool, *items: object) -> None:
        if style == 0:
            d.add(f"[{clock()}] ")
        d.add(V(name, PER) if person else agent)
        d.add(": " if style != 2 else f" ({clock()}): ")
        d.add(*items)  # type: ignore[arg-type]
        d.add("\n")

    say(
        False,
        r.choice(
            [
                "Hi there! How can I help today?",
                "Thanks for contacting us 👋",
                "Hello, you're chatting with support.",
            ]
        ),
    )
    topic = r.randrange(5)
    if topic == 0:
        say(
            True,
            r.choice(
                [
                    "hey i need to updte my shipping adress",
                    "Hi, can you change the delivery address pls",
                    "moved last week 😅 new address below",
                ]
            ),
        )
        say(True, V(g.addr_us(sep=", "), ADDR), r.choice(["", " thx", " !!"]))
        say(
            False,
            "Done, ",
            r.choice(["Mr. ", "Ms. ", "Dr. "]),
            V(sur, PER),
            ". Can you confirm the phone number on file?",
        )
        say(True, r.choice(["sure its ", "", "phone: "]), V(g.us_phone(), PH))
    elif topic == 1:
        say(
            True,
            r.choice(["I was charged twice on order ", "double charge!! order "]),
            N(g.order_no(), "order"),
        )
        say(False, "Sorry about that. Which card was used?")
        say(
            True,
            r.choice(["my visa ", "card number ", "this one: "]),
            V(g.card(r.choice(["visa", "mc", "amex", "disc"])), CC),
        )
        say(
            False,
            "Thanks. A refund of ",
            g.amount_en(),
            " is on its way. ",
            r.choice(W.EN_NAMEWORDS[:3]),
        )
    elif topic == 2:
        say(True, "locked out of my account again 🙄")
        say(
            False, "For verification, please give your date of birth and the last four of your SSN."
        )
        say(
            True,
            r.choice(["DOB ", "born ", "dob is "]),
            V(g.date_en(g.birth()), DOB),
            r.choice([", last 4 ", " / "]),
            N(f"{r.randint(1000, 9999)}", "last4"),
        )
        say(
            False,
            "We saw a sign-in from ",
            V(g.ipv4(), IP),
            " at ",
            N(g.timestamp(), "timestamp"),
            ". Was that you?",
        )
    elif topic == 3:
        say(
            True,
            "Need to update my email to ",
            V(g.email(sur), EM),
            r.choice(["", " please", " asap"]),
        )
        say(False, "Updated. Anything else, ", r.choice(["Mr. ", "Ms. "]), V(sur, PER), "?")
        say(True, r.choice(["no thats all, thanks!", "Nope. " + r.choice(W.EN_NAMEWORDS[3:8])]))
    else:
        say(
            True,
            "Setting up direct deposit. Account number is ",
            V(g.account(), BA),
            " and routing ",
            N(g.routing(), "routing"),
        )
        say(False, "Got it. Please also confirm your Social Security number.")
        say(True, V(g.ssn(r.choice([0, 0, 1])), SSN))


def order(g: Gen, d: Doc) -> None:
    r = g.r
    name, mail = name_and_mail(g)
    d.add(
        r.choice(["Order Confirmation\n", "Thanks for your order!\n", "Your package has shipped\n"])
    )
    d.fill("Order #: {o}\nPlaced on: {dt}\n", o=N(g.order_no(), "order"), dt=other_date(g))
    d.fill(
        "Ship to:\n{n}\n{a}\nPhone: {p}\nEmail: {e}\n",
        n=V(name, PER),
        a=V(g.addr_us(sep="\n"), ADDR),
        p=V(g.us_phone(), PH),
        e=V(mail, EM),
    )
    item = r.choice(
        [
            "Jordan 1 Retro High, size 10",
            "Hunter rain boots, green",
            "Lincoln desk lamp",
            "Rose Gold phone case",
            "Joy of Cooking, 9th ed.",
        ]
    )
    d.fill("Item: {i} (SKU {s}) — {a}\n", i=item, s=N(g.sku(), "sku"), a=g.amount_en())
    if r.random() < 0.5:
        d.fill(
            "Payment: {b} ending in {t}\n",
            b=r.choice(["Visa", "Mastercard", "Amex"]),
            t=N(str(r.randint(1000, 9999)), "tail4"),
        )
    else:
        d.fill("Payment: credit card {c}\n", c=V(g.card(), CC))
    d.fill("Tracking: {t}\nBilling address: same as shipping\n", t=N(g.tracking(), "tracking"))


def hr_form(g: Gen, d: Doc) -> None:
    r = g.r
    name, mail = name_and_mail(g)
    born = g.birth(1955, 2004)
    sep = r.choice([": ", ":\t", " | "])
    d.add(
        r.choice(
            [
                "EMPLOYEE ONBOARDING FORM\n",
                "New Hire Information\n",
                "Personnel Record — CONFIDENTIAL\n",
            ]
        )
    )
    rows: list[tuple[str, object]] = [
        (r.choice(["Legal name", "Full Name", "Employee"]), V(name, PER)),
        (
            r.choice(["SSN", "Social Security No.", "Social Security Number"]),
            V(g.ssn(r.choice([0, 1, 2])), SSN),
        ),
        (r.choice(["Date of birth", "DOB", "Birth date"]), V(g.date_en(born), DOB)),
        (r.choice(["Home address", "Address", "Mailing address"]), V(g.addr_us(sep=", "), ADDR)),
        (r.choice(["Personal email", "Email"]), V(mail, EM)),
        (r.choice(["Mobile", "Cell", "Phone"]), V(g.us_phone(), PH)),
        (r.choice(["Start date", "Hire date"]), other_date(g)),
        ("Routing number", N(g.routing(), "routing")),
        (r.choice(["Account number", "Checking acct", "Acct no."]), V(g.account(), BA)),
        ("Employee ID", N(g.ref9(), "ref9")),
    ]
    if r.random() < 0.4:
        rows.append(("Emergency contact", V(g.en_name(), PER)))
        rows.append(("Emergency phone", V(g.us_phone(), PH)))
    if r.random() < 0.3:
        rows.append(("Passport number", V(g.passport_us(), PP)))
    for k, v in rows:
        d.add(k, sep, v, "\n")  # type: ignore[arg-type]
    d.add(
        r.choice(
            ["I certify that the information above is accurate.", "Signature: ____________", ""]
        )
    )


def bank(g: Gen, d: Doc) -> None:
    r = g.r
    name = g.en_name()
    k = r.randrange(3)
    if k == 0:
        d.fill("Dear {t}{s},\nWe received your international wire instruction.\nBeneficiary: {n}\nIBAN: {i}\nBIC/SWIFT: {b}\nAmount: EUR {a}\nReference: {ref}\n",
               t=r.choice(["Mr. ", "Ms. ", "Dr. "]), s=V(name.split()[-1], PER), n=V(g.en_name(), PER), i=V(g.iban(), IBAN),
               b=r.choice(["KSTRDEFFXXX", "BLGTGB2L", "NWPCFRPP"]), a=f"{r.randint(100, 90000):,}.00", ref=N(f"WT{g.safe_digits(10)}", "ref"))  # fmt: skip
        if r.random() < 0.8:
            d.fill(
                "Note: the earlier instruction to {x} was rejected (invalid IBAN check digits).\n",
                x=N(g.bad_iban(), "bad_iban"),
            )
    elif k == 1:
        d.fill("Hi {n}, your debit card ending {t} was used for {a} at {m} on {dt}. Not you? Call us.\n",
               n=V(name, PER), t=N(str(r.randint(1000, 9999)), "tail4"), a=g.amount_en(), m=r.choice(["Chase Field", "Ford Service", "Wells Park Cafe"]), dt=other_date(g))  # fmt: skip
        d.fill(
            "Statement for account no. {a} (routing {rt}) is now available.",
            a=V(g.account(), BA),
            rt=N(g.routing(), "routing"),
        )
    else:
        d.fill(
            "Fraud alert for {n}: card {c} was declined at an online merchant. ",
            n=V(name, PER),
            c=N(g.bad_card(), "bad_card"),
        )
        d.fill(
            "Your replacement credit card {c} will arrive at {a} within 7 business days.",
            c=V(g.card(), CC),
            a=V(g.addr_us(sep=", "), ADDR),
        )


def csv_doc(g: Gen, d: Doc) -> None:
    r = g.r
    heads = r.choice([["full_name", "email", "phone", "dob"], ["Name", "SSN", "Street Address"],
                      ["customerName", "ipAddress", "lastLogin"], ["name", "card_number", "exp"],
                      ["holder", "iban", "country"]])  # fmt: skip
    d.add(",".join(heads), "\n")
    for _ in range(r.randint(2, 5)):
        cells = {"full_name": V(g.en_name(), PER), "Name": V(g.en_name(), PER), "customerName": V(g.en_name(), PER),
                 "name": V(g.en_name(), PER), "holder": V(g.en_name(), PER), "email": V(g.email(r.choice(W.EN_LAST)), EM),
                 "phone": V(g.us_phone(), PH), "dob": V(g.date_en(g.birth()), DOB), "SSN": V(g.ssn(r.choice([0, 1])), SSN),
                 "Street Address": V(g.addr_us(sep=", "), ADDR), "ipAddress": V(g.ipv4(), IP),
                 "lastLogin": N(g.timestamp(), "timestamp"), "card_number": V(g.card(style=r.choice([0, 2])), CC),
                 "exp": f"{r.randint(1, 12):02d}/{r.randint(26, 31)}", "iban": V(g.iban(grouped=False), IBAN),
                 "country": r.choice(["DE", "FR", "NL", "GB"])}  # fmt: skip
        for i, h in enumerate(heads):
            v = cells[h]
            quote = isinstance(v, V | N) and ("," in v.text) or (isinstance(v, str) and "," in v)
            d.add("," if i else "", '"' if quote else "", v, '"' if quote else "")  # type: ignore[arg-type]
        d.add("\n")


def json_doc(g: Gen, d: Doc) -> None:
    r = g.r
    name, mail = name_and_mail(g)
    style = r.randrange(3)
    if style == 0:
        fields: list[tuple[str, object]] = [
            ("id", r.randint(1000, 99999)),
            ("fullName", V(name, PER)),
            ("contact", [("email", V(mail, EM)), ("phoneNumber", V(g.us_phone(), PH))]),
            ("dateOfBirth", V(g.date_en(g.birth()), DOB)),
            ("ssn", V(g.ssn(0), SSN)),
            ("createdAt", N(g.timestamp(), "timestamp")),
        ]
    elif style == 1:
        fields = [("customer_name", V(name, PER)), ("billing_address", V(g.addr_us(sep=", "), ADDR)),
                  ("card", [("number", V(g.card(), CC)), ("exp", "09/28")]), ("order_id", N(g.order_no(), "order")),
                  ("amount", float(r.randint(5, 900))), ("sku", N(g.sku(), "sku"))]  # fmt: skip
    else:
        fields = [("account_holder", V(name, PER)), ("iban", V(g.iban(), IBAN)), ("birth_date", V(g.date_en(g.birth()), DOB)),
                  ("passport_no", V(g.passport_us(), PP)), ("last_ip", V(g.ipv6(), IP)), ("app_version", "4.12.0")]  # fmt: skip
    write_json(d, fields, r.choice([None, 2, 4]))


def log(g: Gen, d: Doc) -> None:
    r = g.r
    for _ in range(r.randint(2, 4)):
        k = r.randrange(4)
        if k == 0:
            d.fill('{ip} - - [{t}] "GET /api/v2/users?email={e} HTTP/1.1" 200 {b} "-" "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/124.0.6367.91"\n',
                   ip=V(g.ipv4(), IP), t=N(g.timestamp(), "timestamp"), e=V(g.email(r.choice(W.EN_LAST)), EM), b=str(r.randint(200, 9000)))  # fmt: skip
        elif k == 1:
            d.fill("May {dd} {h}:{s} web-0{n} sshd[{pid}]: {m} {u} from {ip} port {p} ssh2\n",
                   dd=str(r.randint(10, 28)), h=hhmm(g), s=f"{r.randint(0, 59):02d}", n=str(r.randint(1, 9)), pid=str(r.randint(1000, 40000)),
                   m=r.choice(["Accepted publickey for", "Failed password for", "Failed password for invalid user"]),
                   u=r.choice(["deploy", "admin", "root", "git"]), ip=V(g.ipv4() if r.random() < 0.7 else g.ipv6(), IP), p=str(r.randint(1024, 65000)))  # fmt: skip
        elif k == 2:
            d.add('{"ts":"', N(g.timestamp(), "timestamp"), '","level":"info","event":"user.signup","email":"', V(g.email(r.choice(W.EN_FIRST)), EM),
                  '","client_ip":"', V(g.ipv4(), IP), '","ua":"', N(g.version(zh=False), "version"), '"}\n')  # fmt: skip
        else:
            d.fill(
                "{t} WARN payment-svc card check failed number={c} user={u} ({v})\n",
                t=N(g.timestamp(), "timestamp"),
                c=N(g.bad_card(), "bad_card"),
                u=V(g.en_name(), PER),
                v=N(g.version(zh=False), "version"),
            )


def email(g: Gen, d: Doc) -> None:
    r = g.r
    name, mail = name_and_mail(g)
    to_name, to_mail = name_and_mail(g)
    d.fill("From: {n} <{m}>\nTo: {tn} <{tm}>\nSent: {dt}\nSubject: {s}\n\n", n=V(name, PER), m=V(mail, EM), tn=V(to_name, PER), tm=V(to_mail, EM),
           dt=other_date(g), s=r.choice(["Signed NDA", "Re: invoice INV-2024-0087", "Lease renewal", "Quick question"]))  # fmt: skip
    if r.random() < 0.5:
        d.add(r.choice(["Hi ", "Dear ", "Hello "]), V(to_name, PER), ",\n\n")
    else:
        d.add(r.choice(["Dear Mr. ", "Dear Ms. ", "Hi Dr. "]), V(to_name.split()[-1], PER), ",\n\n")
    d.add(
        r.choice(
            [
                "Please find the documents attached. ",
                "Following up on our call. ",
                "As discussed, the draft is below. ",
            ]
        ),
        r.choice(W.EN_NAMEWORDS),
        "\n\n",
        r.choice(["Best regards,", "Thanks,", "Cheers,", "Kind regards,"]),
        "\n",
    )
    d.fill("{n}\n{role} | {co}\n{a}\n", n=V(name, PER), role=r.choice(["Senior Paralegal", "Account Manager", "Operations Lead"]),
           co=r.choice(W.COMPANIES_EN), a=V(g.addr_us(sep=", "), ADDR))  # fmt: skip
    d.fill("{tp} {p}{x} | M: {m}\n{e}\n", tp=r.choice(["T:", "Tel", "Office:"]), p=V(g.us_phone(), PH), x=r.choice(["", " ext. 204", " x31"]),
           m=V(g.us_phone(), PH), e=V(mail, EM))  # fmt: skip


def news(g: Gen, d: Doc) -> None:
    r = g.r
    name = g.en_name()
    sur = name.split()[-1]
    city, st, state, _ = r.choice(W.US_CITIES)
    d.fill(
        "{c}, {s} — Police on {dt} arrested a {a}-year-old suspect in connection with a string of burglaries. ",
        c=city.upper(),
        s=state,
        dt=N(r.choice(["Tuesday", "Friday"]), "day"),
        a=str(r.randint(19, 70)),
    )
    d.fill(
        "The suspect was identified as {n}, of {ad}. Court records list the date of birth as {b}. ",
        n=V(name, PER),
        ad=V(g.addr_us(sep=", ", zip_code=r.random() < 0.5), ADDR),
        b=V(g.date_en(g.birth(1955, 2004)), DOB),
    )
    d.fill(
        "{t} {o} said {m}{s} was released on bond. ",
        t=r.choice(["Detective", "Sgt.", "Chief"]),
        o=V(g.en_name(), PER),
        m=r.choice(["", "Mx. ", "Dr. "]),
        s=V(sur, PER),
    )
    d.add(
        r.choice(
            [
                "Summer Sale signs were stolen from a Ford dealership.",
                "Wells Fargo declined to comment.",
                "Anyone with information should call the tip line.",
            ]
        )
    )


def claim(g: Gen, d: Doc) -> None:
    r = g.r
    name = g.en_name()
    d.fill("CLAIM FORM — Policy {p}\nClaimant: {n}\nDate of loss: {dl}\nDate of birth: {b}\n", p=N(f"POL-{r.randint(100000, 999999)}", "policy"),
           n=V(name, PER), dl=other_date(g), b=V(g.date_en(g.birth()), DOB))  # fmt: skip
    d.fill("Vehicle plate: {pl} ({st})\nDriver license: {dl}\nContact: {ph} / {e}\n", pl=N(f"{r.randint(1, 9)}{''.join(r.choice('ABCDEFGHJKLMNPRSTUVWXYZ') for _ in range(3))}{r.randint(100, 999)}", "us_plate"),
           st=r.choice(["CA", "WA", "TX"]), dl=N(f"{r.choice('DFGHKMNSW')}{r.randint(1000000, 9999999)}", "dl"), ph=V(g.us_phone(), PH), e=V(g.email(name.split()[0]), EM))  # fmt: skip
    d.fill(
        "Description: rear-ended at a stop light near {ad}. Other driver: {o}.",
        ad=V(g.addr_us(sep=", "), ADDR),
        o=V(g.en_name(), PER),
    )


def travel(g: Gen, d: Doc) -> None:
    r = g.r
    name = g.en_name()
    d.fill("Booking ref {b}\nPassenger: {t}{n}\nPassport No.: {pp}\nNationality: USA\nDate of birth: {dob}\nPassport expiry: {ex}\n",
           b=N("".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6)), "pnr"), t=r.choice(["", "Mr. ", "Ms. "]),
           n=V(name, PER), pp=V(g.passport_us(), PP), dob=V(g.date_en(g.birth()), DOB), ex=N(g.date_en(g.birth(2027, 2034)), "date"))  # fmt: skip
    d.fill("Flight {f} departs {t}. Frequent flyer: {ff}\nContact: {e}", f=f"{r.choice(['UA', 'DL', 'AA'])}{r.randint(10, 2999)}", t=N(g.timestamp(), "timestamp"),
           ff=N(g.ref9(), "ref9"), e=V(g.email(name.split()[-1]), EM))  # fmt: skip


KINDS = {"chat": chat, "order": order, "hr_form": hr_form, "bank": bank, "csv": csv_doc, "json": json_doc,
         "log": log, "email": email, "news": news, "claim": claim, "travel": travel}  # fmt: skip
WEIGHTS = {"chat": 4, "order": 2, "hr_form": 3, "bank": 3, "csv": 2, "json": 2, "log": 2, "email": 3,
           "news": 2, "claim": 1, "travel": 2}  # fmt: skip
