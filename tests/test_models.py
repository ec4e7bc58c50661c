from phongtrao.models import (
    Article,
    DateMention,
    DocumentRef,
    Event,
    Exemplar,
    Extraction,
    Movement,
    Official,
    Organization,
    Unit,
)

CONTRACT_KEYS = {
    Movement: ["name", "id", "text", "start", "end"],
    Official: ["name", "positions", "text", "start", "end"],
    Unit: ["name", "level", "code", "province", "successor", "successor_code", "text", "start", "end"],
    Organization: ["name", "text", "start", "end"],
    DateMention: ["value", "text", "start", "end"],
    Event: ["type", "date", "place", "movements", "organizers", "participants", "text", "start", "end"],
    Exemplar: ["name", "kind", "movement", "count", "text", "start", "end"],
}


def test_extraction_to_dict_is_the_contract():
    article = Article(source="a.txt", text="Sáng 30/6/2020", title="T", published="2020-07-06", authors=("Mỹ Nhiên",))
    extraction = Extraction(
        article=article,
        dates=(DateMention("2020-06-30", "30/6/2020", 5, 14),),
        officials=(Official("Bùi Hồng Cẩn", ("Ủy viên Ban Thường vụ Huyện ủy",), "x", 0, 1),),
    )
    record = extraction.to_dict()
    assert list(record) == [
        "source", "title", "published", "authors", "text",
        "movements", "officials", "units", "organizations", "dates", "documents", "events", "exemplars",
    ]
    assert record["authors"] == ["Mỹ Nhiên"]
    assert record["dates"] == [{"value": "2020-06-30", "text": "30/6/2020", "start": 5, "end": 14}]
    assert record["officials"][0]["positions"] == ["Ủy viên Ban Thường vụ Huyện ủy"]
    assert record["events"] == [] and record["exemplars"] == []


def test_every_record_has_the_contract_keys():
    samples = {
        Movement: Movement("n", "i", "t", 0, 1),
        Official: Official("n", ("p",), "t", 0, 1),
        Unit: Unit("xã A", "commune", None, None, "t", 0, 1),
        Organization: Organization("n", "t", 0, 1),
        DateMention: DateMention("2020", "t", 0, 1),
        Event: Event("hoi_nghi", None, None, (), (), (), "t", 0, 1),
        Exemplar: Exemplar(None, "model", None, 3, "t", 0, 1),
    }
    for cls, keys in CONTRACT_KEYS.items():
        assert list(samples[cls].to_dict()) == keys


def test_document_ref_adds_issuer_to_contract_fields():
    ref = DocumentRef("40-KH/BCĐ", "Kế hoạch", "2020-02-17", "Kế hoạch số 40-KH/BCĐ", 0, 21, issuer="Ban Chỉ đạo")
    assert list(ref.to_dict()) == ["number", "kind", "date", "issuer", "text", "start", "end"]
