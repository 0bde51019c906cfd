"""English demo: Oak & Stone Floors, a flooring supplier and fitter in the UK."""

from __future__ import annotations

from rightdesk.flows.demo_data import Person, Topic

LANGUAGE = "en"
SLUG = "demo-en"
WORKSPACE = "Oak & Stone Floors"
TIMEZONE = "Europe/London"
DOMAIN = "oakandstone.test"
NUMBER_PREFIX = "OS-"

TEAMS = ["Sales & Quotes", "Installation", "Aftercare"]

PEOPLE: list[Person] = [
    {"role": "owner", "name": "Olivia Hart", "email": "olivia.hart", "teams": [0]},
    {"role": "manager", "name": "James Whitaker", "email": "james.whitaker", "teams": [0, 1, 2]},
    {"role": "champion", "name": "Priya Shah", "email": "priya.shah", "teams": [2]},
    {"role": "agent", "name": "Tom Fletcher", "email": "tom.fletcher", "teams": [1]},
    {"role": "agent", "name": "Hannah Brooks", "email": "hannah.brooks", "teams": [0]},
    {"role": "agent", "name": "Sam Okafor", "email": "sam.okafor", "teams": [1, 2]},
    {"role": "agent", "name": "Megan Lloyd", "email": "megan.lloyd", "teams": [0, 2]},
]

FIRST_NAMES_F = [
    "Emma",
    "Sophie",
    "Charlotte",
    "Amelia",
    "Grace",
    "Lucy",
    "Chloe",
    "Rachel",
    "Helen",
    "Sarah",
    "Laura",
    "Rebecca",
    "Katie",
    "Eleanor",
    "Fiona",
    "Aisha",
    "Joanne",
    "Harriet",
]
FIRST_NAMES_M = [
    "Oliver",
    "Jack",
    "Harry",
    "George",
    "Daniel",
    "Matthew",
    "Andrew",
    "Richard",
    "Liam",
    "Ben",
    "Chris",
    "David",
    "Mark",
    "Rhys",
    "Callum",
    "Imran",
    "Peter",
    "Stuart",
]
LAST_NAMES_F = LAST_NAMES_M = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Patel",
    "Khan",
    "Turner",
    "Hughes",
    "Edwards",
    "Collins",
    "Morgan",
    "Bennett",
    "Cooper",
    "Murphy",
    "Price",
    "Kelly",
    "Harrison",
    "Marshall",
    "Ellis",
]
EMAIL_DOMAINS = ["example.co.uk", "example.com", "example.org", "mail.example", "inbox.example"]
PHONE_FORMAT = "+44 7700 900{n:03d}"
PHONE_SHARE = 0.5
ORGANISATIONS = [
    "Harbourside Lettings",
    "Crane & Sons Builders",
    "Meadowbank Housing Association",
    "The Old Mill Café",
    "Kingsway Property Management",
    "Brightwater Dental Practice",
    "St Anne's Primary School",
]
ORGANISATION_SHARE = 0.15
CUSTOMER_TAGS = ["trade", "repeat customer", "landlord", "vip", "new build", "referral"]
CUSTOMER_NOTES = [
    "Prefers a call in the evening after 6 pm; works night shifts on Mondays.",
    "Has a dog — fitters should keep the back gate closed.",
    "Bought oak herringbone for the whole ground floor last year.",
    "Parking is difficult: the van has to use the pay-and-display on Mill Lane.",
    "Asked us not to send marketing emails.",
    "Landlord of four flats in Portswood; usually books work between tenancies.",
    "Elderly customer, please speak slowly and confirm everything in writing.",
    "Interior designer — often orders samples for clients.",
]

GREETINGS = [
    "Hello,",
    "Hi there,",
    "Hello Oak & Stone,",
    "Hi team,",
    "Hi,",
    "Dear Oak & Stone team,",
]
SIGNOFFS = [
    "Thanks,\n{name}",
    "Kind regards,\n{name}",
    "Many thanks,\n{first}",
    "Cheers,\n{first}",
    "Best wishes,\n{name}",
]
AGENT_GREETINGS = [
    "Hello {first},",
    "Hi {first},",
    "Dear {first},",
    "Hello {first}, and thanks for getting in touch.",
]
AGENT_SIGNOFFS = [
    "Kind regards,\n{agent}\nOak & Stone Floors",
    "Best wishes,\n{agent}\nOak & Stone Floors — 01632 960 412",
    "Thanks,\n{agent}",
    "All the best,\n{agent}\nCustomer care, Oak & Stone Floors",
]
THANKS = [
    "That's brilliant, thank you so much for sorting it out.",
    "Perfect, thanks for your help!",
    "All good now — the floor looks great. Thanks again.",
    "Thank you, that answers everything.",
    "Great, much appreciated. I'll recommend you to my neighbours.",
    "Thanks {agent_first}, really helpful.",
]
NUDGES = [
    "Just following up on my email below — any news?",
    "Hello again, I haven't heard back yet. Could someone give me a call?",
    "Sorry to chase, but I really need an answer this week.",
]
NOTES = [
    "Checked the order history: everything was paid in full.",
    "Customer sounded stressed on the phone, let's keep them updated daily.",
    "Same address had a repair visit in the spring, see the older conversation.",
]

SECOND_REPLIES = [
    "Thanks for getting back to us. I've passed this on to the team and we'll confirm everything by the end of tomorrow.",
    "Understood. I've checked again and booked it for you; you'll receive a confirmation email shortly.",
    "Sorry for the trouble. I've escalated this to our manager, James, who will call you today.",
    "Thank you, that's helpful. I've updated the notes on your order, and it's all arranged as you asked.",
]

TOPICS: list[Topic] = [
    {
        "team": 2,
        "tags": ["creaking", "parquet", "aftercare"],
        "priority": "normal",
        "subjects": [
            "Creaking parquet in the hallway",
            "Floor squeaks when we walk on it",
            "Noisy boards near the kitchen door",
        ],
        "customer": [
            "The oak parquet you fitted in our hallway has started creaking badly, especially by the front door. It was silent for the first two months. Is this normal, and can someone come and have a look?",
            "Since the heating came on, several boards in the living room squeak every time we step on them. Our order number is {order}. What can we do about it?",
            "We have a loud creak in the middle of the lounge floor, about a metre from the fireplace. The kids have started calling it the 'haunted board'. Could you send a fitter?",
        ],
        "replies": [
            "Sorry to hear about the creaking. Some movement is common in the first heating season, as the wood adjusts to drier air. We'd like to send a fitter to check the subfloor and the fixings — would Tuesday or Thursday morning next week suit you?",
            "Thank you for letting us know. Could you send us a short video of the creak and a photo of the room's thermometer or hygrometer if you have one? That helps us bring the right tools and materials on the first visit.",
            "Our fitter can come out on Wednesday between 8 and 10 am. He will inject a small amount of adhesive under the loose boards, which usually stops the noise completely. There is no charge, as the floor is under our 2-year fitting guarantee.",
        ],
        "notes": [
            "Fitted in August by Tom's crew; subfloor was old chipboard, might need screwing down.",
            "Humidity in the house is probably below 35% — suggest a humidifier during winter.",
        ],
        "followups": [
            "Tuesday morning works for us. Will the fitter need to move the furniture, or should we do it?",
            "Here's the video. It's much worse in the evenings when the heating is on.",
            "The creak is back after two weeks, just a little to the left of where it was fixed.",
        ],
    },
    {
        "team": 0,
        "tags": ["delivery", "order"],
        "priority": "normal",
        "subjects": [
            "When will my flooring be delivered?",
            "Delivery date for order {order}",
            "Change of delivery address",
        ],
        "customer": [
            "I placed order {order} three weeks ago for 42 m² of engineered oak and still have no delivery date. Our fitter is booked for the 14th, so I need to know when it will arrive.",
            "Could you confirm the delivery slot for order {order}? We're out at work during the day, so a morning before 9 or a Saturday would be ideal.",
            "We're moving into the new house earlier than planned — can you deliver the tiles to the new address instead? Order {order}.",
        ],
        "replies": [
            "Thanks for your patience. Your flooring left our supplier in Belgium yesterday and is due at our warehouse on Friday. We can deliver on Monday between 7 and 9 am — shall I book that for you?",
            "I've changed the delivery address on order {order}. The driver will call about 30 minutes before arriving. Please make sure there is space to store the boxes flat in a dry room for at least 48 hours before fitting.",
            "I'm sorry for the delay. One of the colours was back-ordered by the mill. The new delivery date is next Thursday; if that's too late for your fitter, we can offer a similar shade from stock at the same price.",
        ],
        "notes": [
            "Supplier confirmed the container is in Felixstowe, should clear customs by Wednesday.",
            "Second time this customer's delivery slipped — offer free underlay as a goodwill gesture.",
        ],
        "followups": [
            "Monday at 7 is fine, thank you. Will the driver carry the boxes inside?",
            "It's now Thursday and nothing has arrived. Could you check with the driver?",
            "Is there any chance it could come a day earlier?",
        ],
    },
    {
        "team": 1,
        "tags": ["installation", "booking"],
        "priority": "normal",
        "subjects": [
            "Booking an installation date",
            "Need to reschedule the fitting",
            "How long will the installation take?",
        ],
        "customer": [
            "The flooring has arrived and has been acclimatising in the spare room. When can your team come to fit it? We're flexible any weekday after the 20th.",
            "Unfortunately I need to move the fitting planned for next Monday — the plasterer is running late and the walls won't be dry. Could we push it back a week?",
            "How many days will it take to lay about 60 m² of herringbone across the kitchen and dining room? I need to arrange time off work.",
        ],
        "replies": [
            "We can start on Monday the 24th at 8 am. Two fitters will come, and the job should take three days including skirting. Please clear the rooms of furniture the evening before.",
            "No problem at all — I've moved the fitting to the following Monday, same time. Thanks for letting us know in good time.",
            "For 60 m² of herringbone we usually allow four working days: one for preparing and levelling the subfloor, two and a half for laying, and half a day for finishing and oiling. You don't need to be in the whole time, as long as we can get in each morning.",
        ],
        "notes": [
            "Check Tom's calendar — he's off the first week of next month.",
            "Subfloor is concrete, need moisture reading before we lay anything.",
        ],
        "followups": [
            "Great, we'll leave a key with the neighbour at number 12.",
            "Could you also take the old carpet away, or do we need to arrange a skip?",
            "Would it be possible to start a day earlier?",
        ],
    },
    {
        "team": 0,
        "tags": ["quote", "sales"],
        "priority": "normal",
        "subjects": [
            "Quote for oak flooring",
            "Price for a three-bedroom house",
            "Quotation request — kitchen and hallway",
        ],
        "customer": [
            "We'd like a quote for solid oak flooring in the living room (5.2 x 4.1 m) and hallway (about 8 m²), including fitting, underlay and removal of the old laminate.",
            "Could you give me a rough price for engineered oak throughout a three-bedroom semi? Roughly 85 m² in total, not including the bathroom.",
            "I saw your stone-effect vinyl in the showroom. What would it cost to fit it in a 12 m² kitchen, and how soon could you do it?",
        ],
        "replies": [
            "Thank you for your enquiry. Based on your measurements, the oak in a natural oiled finish comes to about £2,940 fitted, including underlay, beading and disposal of the laminate. We'd like to measure up properly before confirming — are you free for a survey this week?",
            "For 85 m² of our most popular engineered oak, fitted, you should budget between £6,800 and £7,600, depending on the grade and the state of the subfloors. A free home survey will give you an exact figure.",
            "The stone-effect vinyl is £38 per m² fitted, so around £460 for your kitchen plus £45 for levelling compound if needed. We currently have a two-week lead time.",
        ],
        "notes": [
            "Price includes the 10% spring discount — valid until the end of the month.",
            "Customer also asked about stairs; pass to James for a separate quote.",
        ],
        "followups": [
            "Thanks. Does the price include moving the furniture?",
            "Could we book the survey for Saturday morning?",
            "A competitor quoted a bit less — is there any flexibility on the price?",
        ],
    },
    {
        "team": 2,
        "tags": ["gaps", "aftercare"],
        "priority": "normal",
        "subjects": [
            "Gaps appearing between boards",
            "Cracks between the floorboards",
            "Boards have shrunk",
        ],
        "customer": [
            "Gaps of 2–3 mm have opened between several boards in the dining room. You can see them clearly when the light comes in from the garden. Is this a fault?",
            "Our new floor has developed gaps along the length of the boards, mostly near the radiator. Order {order}, fitted in October.",
            "There are small cracks between the boards in the bedroom now. Should we be worried, or will they close up again in summer?",
        ],
        "replies": [
            "Small seasonal gaps are natural for solid wood: it shrinks when the air is dry in winter and swells again in summer. Gaps of 2–3 mm near a radiator are within the normal range, but we're happy to visit and measure the moisture content to be sure.",
            "Thank you for the photos. The gaps look slightly wider than we'd expect, so we'd like to check the moisture level of the subfloor. Our aftercare technician can come next Friday — does that suit you?",
            "Please try to keep the room at 45–60% humidity during the heating season. A simple humidifier usually closes gaps like these within a few weeks. If they don't close by spring, we'll come and fill them at no cost.",
        ],
        "notes": [
            "Radiator is directly on the floor — a known cause. Document for the guarantee file.",
            "Ask the warehouse for the batch number; a few customers from the same batch reported gaps.",
        ],
        "followups": [
            "We bought a humidifier and the gaps are already smaller. Thank you for the advice.",
            "Friday is fine. Should we stop using the underfloor heating before the visit?",
            "The gaps have got bigger since I last wrote.",
        ],
    },
    {
        "team": 0,
        "tags": ["wrong item", "delivery"],
        "priority": "high",
        "subjects": [
            "Wrong colour delivered",
            "Delivered boards don't match the sample",
            "Incorrect product in order {order}",
        ],
        "customer": [
            "The boards delivered today are much darker than the 'Smoked Oak' sample we chose in the showroom. Order {order}. The fitter is booked for Monday — please help!",
            "Two of the boxes we received contain grey-washed oak instead of natural. We haven't opened the others yet.",
            "We ordered 8 mm laminate but received 12 mm. The door frames have already been trimmed for 8 mm. What now?",
        ],
        "replies": [
            "I'm very sorry about this. I've checked and the warehouse picked the wrong batch. We'll collect the boxes and deliver the correct ones on Friday, free of charge. Please don't open any more boxes.",
            "Thank you for the photos — you're right, this is not the colour you ordered. A replacement delivery is booked for Thursday morning and the driver will take the wrong boxes away at the same time.",
            "Apologies for the mix-up. The correct 8 mm laminate is in stock and can go out tomorrow. If the fitting has to be moved, we'll cover any extra cost with your fitter.",
        ],
        "notes": [
            "Warehouse says the labels on batch 4471 were swapped. Check other orders from that batch.",
            "Give priority on the van tomorrow, the fitter is booked.",
        ],
        "followups": [
            "Thursday is fine. Should I leave the wrong boxes in the porch?",
            "The replacement boxes look right. Thanks for being so quick.",
            "Still waiting for the collection of the wrong boxes — they're blocking the garage.",
        ],
    },
    {
        "team": 0,
        "tags": ["invoice", "payment"],
        "priority": "normal",
        "subjects": ["Question about my invoice", "Deposit paid twice?", "VAT invoice needed"],
        "customer": [
            "I think I've been charged twice for the deposit on order {order} — there are two payments of £450 on my card statement. Could you check, please?",
            "Could you send me a VAT invoice for the flooring? I'm a landlord and need it for my accountant. Order {order}.",
            "The final invoice includes £120 for 'subfloor preparation', which wasn't in the quote. Can you explain what this is for?",
        ],
        "replies": [
            "You're right, the deposit was taken twice because of a card terminal error. I've refunded £450 today; it should appear on your statement within 3–5 working days. Sorry for the inconvenience.",
            "Of course — I've attached a VAT invoice to this email. If your accountant needs the company details in a different format, just let me know.",
            "The fitters found that part of the subfloor was uneven by more than 4 mm and had to level it before laying the oak, otherwise the floor would have moved. I've attached the photos they took. As it wasn't in the quote, we'll reduce the charge by half.",
        ],
        "notes": [
            "Refund approved by Olivia. Reference REF-2291.",
            "Fitters' job sheet confirms 3 bags of levelling compound used.",
        ],
        "followups": [
            "The refund hasn't appeared yet. Could you send me the reference?",
            "Thank you. Could the invoice be addressed to my company instead?",
            "I'd still like to understand why this wasn't mentioned before the work started.",
        ],
    },
    {
        "team": 2,
        "tags": ["water damage", "urgent"],
        "priority": "urgent",
        "subjects": [
            "Water leak — floor swelling",
            "Dishwasher leaked onto the new floor",
            "Boards lifting after a leak",
        ],
        "customer": [
            "Our dishwasher leaked overnight and the boards in front of it have swollen and lifted at the edges. What should we do right now to limit the damage?",
            "A pipe burst under the kitchen sink. The water has been cleaned up, but the laminate is bubbling along three rows. Can you help? We'll claim on insurance.",
            "The floor near the back door is cupping after the heavy rain last week — water seems to be coming in under the door.",
        ],
        "replies": [
            "Please dry the surface thoroughly, keep the room well ventilated and do not put heaters directly on the floor. We'll come on Monday to assess the damage and write a report for your insurer.",
            "I'm sorry to hear that. Swollen laminate can't recover, so those rows will need to be replaced. We still have boards from the same batch in stock. Our technician can do the repair on Thursday; I'll send the quote for your insurer today.",
            "Thank you for the photos. Cupping like this usually means moisture from below. We'll need to check the door threshold and take moisture readings before we replace anything — could we visit on Wednesday afternoon?",
        ],
        "notes": [
            "Insurance claim likely — make sure the report has photos and moisture readings.",
            "Reserved 3 boxes from batch 3318 for this repair.",
        ],
        "followups": [
            "The insurer asked for an itemised quote. Could you send one?",
            "The edges have gone down a little after two days of drying. Do we still need the visit?",
            "Could you come earlier? The boards are a trip hazard for my mum.",
        ],
    },
    {
        "team": 0,
        "tags": ["underfloor heating", "advice"],
        "priority": "low",
        "subjects": [
            "Is your oak suitable for underfloor heating?",
            "Underfloor heating and engineered wood",
            "Max temperature with UFH",
        ],
        "customer": [
            "We're installing wet underfloor heating in the extension. Which of your floors can go on top of it, and does it need to be glued down?",
            "Can I use the Rustic Oak 20 mm boards over electric underfloor heating in a bathroom?",
            "What's the maximum floor temperature for your engineered oak? Our heating engineer asked.",
        ],
        "replies": [
            "All our engineered boards up to 15 mm thick are approved for water-based underfloor heating, fully bonded with a flexible adhesive. The surface temperature should not exceed 27 °C. Solid oak is not recommended.",
            "We wouldn't recommend wood in a bathroom with electric heating — the combination of steam and heat is hard on any timber. Our stone-effect LVT would be a better choice there.",
            "The maximum surface temperature is 27 °C, and the heating should be raised or lowered gradually, by no more than 2 °C a day, especially at the start of the season.",
        ],
        "notes": ["Send the UFH data sheet PDF from the shared drive."],
        "followups": [
            "Thanks. Do you supply the adhesive too?",
            "Could you email the technical data sheet?",
        ],
    },
    {
        "team": 1,
        "tags": ["fitters", "complaint"],
        "priority": "high",
        "subjects": [
            "Mess left after the fitting",
            "Skirting boards damaged",
            "Unhappy with the fitters",
        ],
        "customer": [
            "The fitters finished yesterday and the floor looks lovely, but they left offcuts and sawdust all over the garden and chipped the paint on two skirting boards.",
            "The new skirting in the bedroom has big gaps at the corners and the beading isn't straight. I'm not happy paying the final invoice until it's fixed.",
            "Your fitters arrived two hours late on both days and didn't call to say so. I had to take extra time off work.",
        ],
        "replies": [
            "I'm really sorry — that's not the standard we expect. I've spoken to the team, and Tom will come back on Friday to clear the garden and touch up the skirting. The final invoice is on hold until you're happy.",
            "Thank you for the photos, the corners are clearly not good enough. We'll redo the skirting in the bedroom next week at our expense, and you don't need to pay the balance until it's done.",
            "I apologise for the late arrivals and for nobody calling. That's not acceptable. As a gesture, we've taken £100 off your final invoice, and I've raised it with the fitting team.",
        ],
        "notes": [
            "Spoke with the crew: van broke down on day one. Still should have called.",
            "Third complaint about this crew's clean-up this quarter — raise at Monday meeting.",
        ],
        "followups": [
            "Friday is fine. Please ask them to bring the right paint colour.",
            "They fixed the skirting, but one corner is still slightly open.",
            "I haven't had a reply about the skirting yet.",
        ],
    },
    {
        "team": 2,
        "tags": ["care", "maintenance", "advice"],
        "priority": "low",
        "subjects": [
            "How should I clean the oiled floor?",
            "Re-oiling the oak floor",
            "Scratches from the dog",
        ],
        "customer": [
            "What cleaning products should we use on the oiled oak? The previous owner of the house used a steam mop — is that OK?",
            "It's been a year since the floor was laid. Does it need re-oiling, and can we do it ourselves?",
            "Our dog has left scratches on the new floor in the hall. Is there a way to repair them without sanding?",
        ],
        "replies": [
            "Please never use a steam mop on wood. A slightly damp mop with our natural soap (1 capful in 5 litres of water) once a week is all it needs. I've added a care kit to your account at 20% off if you'd like one.",
            "In a normal home, oiled oak needs a maintenance oil every 12–18 months in busy areas. It's easy to do yourself: clean, apply a thin coat with a cloth, and buff after 20 minutes. I've attached our step-by-step guide.",
            "Light scratches can usually be blended in with a little maintenance oil and a fine white pad. For deeper ones, our technician can spot-repair the boards without sanding the whole floor.",
        ],
        "notes": ["Good candidate for the annual maintenance plan."],
        "followups": [
            "Thanks! Where can I buy the natural soap?",
            "Can you send the guide again? The attachment didn't open.",
        ],
    },
    {
        "team": 0,
        "tags": ["samples"],
        "priority": "low",
        "subjects": [
            "Samples request",
            "Could you post me some samples?",
            "Free samples of grey oak",
        ],
        "customer": [
            "Could you send us samples of the Smoked Oak, Natural Oak and Nordic White, please? We're choosing between them for the whole ground floor.",
            "I'd like to see the grey oak in real life before ordering. Do you post samples, and are they free?",
            "Are the large samples still available? The small ones are hard to judge in our dark hallway.",
        ],
        "replies": [
            "Of course — three samples are on their way by first-class post and should arrive in 1–2 days. Samples are free, and you can keep them.",
            "Yes, we post up to five small samples free of charge. Large A4 samples cost £5 each, refunded when you order. Which would you prefer?",
            "Large samples are available again. I've sent the grey and the natural ones; look at them in daylight and under your own lights in the evening — colours change a lot.",
        ],
        "notes": ["Sample sent, tracking number in the post book."],
        "followups": [
            "The samples arrived, thank you. We love the Smoked Oak!",
            "The samples haven't arrived yet.",
        ],
    },
    {
        "team": 0,
        "tags": ["stairs", "quote"],
        "priority": "normal",
        "subjects": [
            "Oak cladding for our staircase",
            "Can you do stairs as well?",
            "Quote for 13 steps",
        ],
        "customer": [
            "We'd love the staircase to match the new oak in the hall. It's a straight flight of 13 steps with a painted pine handrail. Is this something you do?",
            "Our stairs are carpeted at the moment and we'd like to clad them in oak with an anti-slip nosing. Could you give us a rough price?",
            "The quote for the hallway didn't include the stairs. Could you add them? There are 13 steps and a small landing.",
        ],
        "replies": [
            "Yes, we clad staircases regularly. For a straight flight of 13 steps in the same oak, with matching risers, it's usually around £1,650 fitted. We'll confirm after the survey, as old treads sometimes need levelling.",
            "Oak cladding with an anti-slip nosing starts at £115 per step, fitted. Removing the carpet and gripper rods is included. Would you like us to measure up when we survey the hall?",
            "I've added the 13 steps and the landing to your quote — the updated version is attached. The stairs would be done on the last day, so you can still use them in the evenings.",
        ],
        "notes": ["Stairs are a separate two-day job — check Sam's availability."],
        "followups": [
            "Could the risers be painted white instead of oak?",
            "Thanks. How long would the stairs be out of use?",
        ],
    },
    {
        "team": 2,
        "tags": ["guarantee", "aftercare"],
        "priority": "normal",
        "subjects": [
            "Guarantee claim — finish wearing off",
            "Lacquer worn through after a year",
            "Is this covered by the guarantee?",
        ],
        "customer": [
            "The lacquer in front of the kitchen sink has worn through to bare wood after only a year. We've followed your care guide. Is this covered by the guarantee?",
            "A couple of boards in the bedroom have a hairline crack along the grain. Order {order}. Could this be a manufacturing fault?",
            "The colour of the floor near the patio doors has faded much more than the rest of the room. Is that normal?",
        ],
        "replies": [
            "Thank you for the photos. Wear in front of a sink can be a sign of a weak batch of lacquer, so we'll treat this as a guarantee claim. Our technician will re-coat the area free of charge; could we come next Wednesday?",
            "A hairline crack along the grain can be a fault in the board. We'll replace the two boards under the guarantee — we still have the same batch in stock.",
            "Oak naturally changes colour in sunlight, and the area by the patio doors gets most of it. Moving rugs around from time to time helps it even out. It isn't a fault, but we can apply a UV-protective maintenance oil if you'd like.",
        ],
        "notes": ["Batch 2207 lacquer — supplier has accepted two similar claims this year."],
        "followups": [
            "Wednesday is fine. Do we need to keep off the floor afterwards?",
            "Thanks. How much would the UV oil cost?",
        ],
    },
]
