"""Realistic subjects and message bodies in Russian, Estonian, English and Ukrainian.

Lemmatising three million messages one by one would make the benchmark measure
simplemma, not the desk. So a limited set of threads (subject + bodies) is made
once, each with its search terms computed by the real normaliser, and the
generator reuses them. The words searched for are common in support mail
(delivery, invoice), so the searches hit many documents, as they would for real.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from rightdesk.language.normalize import terms, words

# The share of each language among conversations.
LANGUAGE_WEIGHTS = {"ru": 35, "et": 25, "en": 25, "uk": 15}

# Query words, inflected so that the search has to find the dictionary form.
SEARCH_WORDS = {"ru": "доставку", "et": "arvet"}

SUBJECTS = {
    "ru": [
        "Где мой заказ?",
        "Вопрос по доставке",
        "Неверный счёт",
        "Возврат товара",
        "Не могу войти в личный кабинет",
        "Повреждённая упаковка",
        "Изменить адрес доставки",
        "Скидка не применилась",
        "Двойное списание",
        "Когда будет в наличии?",
    ],
    "et": [
        "Kus on minu tellimus?",
        "Küsimus tarne kohta",
        "Vale arve",
        "Kauba tagastamine",
        "Ei saa kontole sisse logida",
        "Kahjustatud pakend",
        "Tarneaadressi muutmine",
        "Allahindlus ei rakendunud",
        "Topeltmakse",
        "Millal on toode laos?",
    ],
    "en": [
        "Where is my order?",
        "Question about delivery",
        "Wrong invoice",
        "Returning an item",
        "Cannot log in to my account",
        "Damaged packaging",
        "Change the delivery address",
        "Discount was not applied",
        "Charged twice",
        "When will it be back in stock?",
    ],
    "uk": [
        "Де моє замовлення?",
        "Питання щодо доставки",
        "Неправильний рахунок",
        "Повернення товару",
        "Не можу увійти в кабінет",
        "Пошкоджене пакування",
        "Змінити адресу доставки",
        "Знижка не застосувалася",
        "Подвійне списання",
        "Коли буде в наявності?",
    ],
}

SENTENCES = {
    "ru": [
        "Здравствуйте, я оформил заказ неделю назад, но он до сих пор не пришёл.",
        "Курьер не позвонил и не оставил уведомление.",
        "Подскажите, пожалуйста, когда ожидать доставку?",
        "В счёте указана неправильная сумма, прошу исправить.",
        "Мне пришёл не тот размер, хочу оформить возврат.",
        "Коробка была смята, а паркетная доска внутри треснула.",
        "Пароль сбрасывается, но войти всё равно не получается.",
        "Деньги списали дважды, верните, пожалуйста, лишнюю оплату.",
        "Спасибо за быстрый ответ, всё получилось.",
        "Можно ли перенести доставку на субботу?",
        "Промокод на скидку не сработал при оплате.",
        "Пришлите, пожалуйста, счёт для бухгалтерии нашей компании.",
        "Мы ждём мастера для укладки ламината уже третий день.",
        "Товар в квартире, но не хватает двух упаковок плинтуса.",
    ],
    "et": [
        "Tere, esitasin tellimuse nädal tagasi, kuid see pole ikka veel kohale jõudnud.",
        "Kuller ei helistanud ega jätnud teadet.",
        "Palun öelge, millal tarne saabub?",
        "Arvel on vale summa, palun parandage see.",
        "Sain vale suuruse ja soovin kauba tagastada.",
        "Karp oli mõlkis ja parkett oli seest mõranenud.",
        "Parool lähtestatakse, kuid sisse logida ikka ei saa.",
        "Raha võeti kaks korda, palun tagastage liigne makse.",
        "Aitäh kiire vastuse eest, kõik sai korda.",
        "Kas tarnet saab laupäevale edasi lükata?",
        "Sooduskood ei töötanud maksmisel.",
        "Palun saatke arve meie ettevõtte raamatupidamisele.",
        "Ootame laminaadi paigaldajat juba kolmandat päeva.",
        "Kaup on korteris, kuid kaks pakki liistu on puudu.",
    ],
    "en": [
        "Hello, I placed an order a week ago but it still has not arrived.",
        "The courier did not call and left no notice.",
        "Could you tell me when to expect the delivery?",
        "The invoice shows the wrong amount, please correct it.",
        "I received the wrong size and would like to return it.",
        "The box was crushed and the parquet inside is cracked.",
        "The password resets but I still cannot log in.",
        "I was charged twice, please refund the extra payment.",
        "Thanks for the quick answer, everything works now.",
        "Can the delivery be moved to Saturday?",
        "The discount code did not work at checkout.",
        "Please send the invoice to our accounting department.",
        "We have been waiting for the laminate fitter for three days.",
        "The goods are in the flat but two packs of skirting are missing.",
    ],
    "uk": [
        "Добрий день, я оформив замовлення тиждень тому, але воно досі не прийшло.",
        "Кур’єр не зателефонував і не залишив повідомлення.",
        "Підкажіть, будь ласка, коли чекати на доставку?",
        "У рахунку вказана неправильна сума, прошу виправити.",
        "Мені прийшов не той розмір, хочу оформити повернення.",
        "Коробка була зім’ята, а паркет усередині тріснув.",
        "Пароль скидається, але увійти все одно не вдається.",
        "Гроші списали двічі, поверніть, будь ласка, зайву оплату.",
        "Дякую за швидку відповідь, усе вийшло.",
        "Чи можна перенести доставку на суботу?",
        "Промокод на знижку не спрацював під час оплати.",
        "Надішліть, будь ласка, рахунок для бухгалтерії нашої компанії.",
        "Ми чекаємо на майстра для укладання ламінату вже третій день.",
    ],
}

FIRST_NAMES = {
    "ru": ["Анна", "Иван", "Ольга", "Дмитрий", "Мария", "Сергей"],
    "et": ["Mari", "Jaan", "Kadri", "Toomas", "Liis", "Mart"],
    "en": ["Alice", "John", "Emma", "David", "Grace", "Peter"],
    "uk": ["Олена", "Тарас", "Оксана", "Андрій", "Ірина", "Богдан"],
}
LAST_NAMES = {
    "ru": ["Иванова", "Смирнов", "Кузнецова", "Попов", "Соколова", "Лебедев"],
    "et": ["Tamm", "Saar", "Sepp", "Mägi", "Kask", "Kukk"],
    "en": ["Smith", "Jones", "Brown", "Taylor", "Wilson", "Evans"],
    "uk": ["Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Мельник"],
}


@dataclass(frozen=True)
class Thread:
    """A ready-made conversation: subject, bodies, and its search document's terms."""

    language: str
    subject: str
    bodies: tuple[str, ...]
    terms: str


def _terms_text(*texts: str) -> str:
    seen: list[str] = []
    for text in texts:
        seen.extend(terms(text))
    return " ".join(dict.fromkeys(seen))


def languages(rng: random.Random, count: int) -> list[str]:
    return rng.choices(list(LANGUAGE_WEIGHTS), weights=list(LANGUAGE_WEIGHTS.values()), k=count)


def make_threads(*, count: int, messages: int, seed: int) -> list[Thread]:
    """`count` threads of `messages` messages each, in the languages' proportions."""
    rng = random.Random(seed)
    threads = []
    for lang in languages(rng, count):
        subject = rng.choice(SUBJECTS[lang])
        bodies = tuple(
            " ".join(rng.sample(SENTENCES[lang], rng.randint(1, 4))) for _ in range(messages)
        )
        threads.append(Thread(lang, subject, bodies, _terms_text(subject, *bodies)))
    return threads


def customer_name(rng: random.Random, lang: str) -> str:
    return f"{rng.choice(FIRST_NAMES[lang])} {rng.choice(LAST_NAMES[lang])}"


@lru_cache(maxsize=1000)
def _name_terms(name: str) -> tuple[str, ...]:
    return tuple(terms(name))


def customer_terms(name: str, email: str) -> str:
    """Name lemmas plus the address's pieces: a generated address has no lemma to look up."""
    return " ".join(dict.fromkeys([*_name_terms(name), *words(email)]))
