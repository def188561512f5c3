"""The register's quorum lights before the day (issue 10): from the invitation list, said so, until the first person
is marked as arrived; then who is in the room, as in the meeting."""

from __future__ import annotations

from typing import Any

from console_app import open_console
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton


def test_the_register_shows_the_planned_quorum_until_someone_arrives(
    qtbot: Any, db_path: Any, demo_data: dict[str, Any]
) -> None:
    # The demo family before the day: no one has come yet; the family doctor and the police have sent apologies, so
    # Ruby (known to the police, the doctor and the health visitor) would have only the health visitor.
    demo_data.update(decisions=[], views=[], dissent=[], scaling=[])  # nothing decided yet
    for person in demo_data["participants"]:
        person.update(attended=False, arrived=None, left=None, exclusions=[])
        person["apologies"] = person["id"] in ("gp", "police")
    app = open_console(qtbot, db_path, demo_data)
    try:
        quorum = app.console.register.quorum
        lights = quorum.lights
        assert quorum.source.isVisible()
        assert "from the invitation list" in quorum.source.text()
        texts = {ident: light.text() for ident, light in lights.items()}
        assert texts == {
            "mia": "Mia: quorate",
            "leo": "Leo: quorate",
            "ruby": "Ruby: NOT quorate",
            "baby": "Baby: quorate",
        }
        assert lights["ruby"].property("planned") == "true" and lights["ruby"].property("quorate") == "false"
        assert lights["mia"].accessibleName() == "Mia: quorate, from the invitation list"
        assert "Sent apologies: County Police, Parkside Surgery" in lights["ruby"].toolTip()
        problems = [app.console.problems.item(i).text() for i in range(app.console.problems.count())]
        assert any("would not be quorate for Ruby" in p for p in problems)
        assert not any("is not quorate" in p for p in problems)

        # The social worker is marked as arrived: from now the lights count who is in the room.
        register = app.console.register
        table_top = register.table.mapToGlobal(register.table.rect().topLeft())
        register.table.selectRow([p["id"] for p in demo_data["participants"]].index("sw"))
        arrived = next(b for b in register.findChildren(QPushButton) if b.text() == "&Arrived")
        qtbot.mouseClick(arrived, Qt.MouseButton.LeftButton)
        assert app.controller.conference.participant("sw").attended
        # The line above the lights stays where it was, with its words changed: the register's rows do not move
        # under the chair's pointer at the first arrival.
        assert quorum.source.isVisible() and quorum.source.text() == "Quorum in the room now:"
        assert register.table.mapToGlobal(register.table.rect().topLeft()) == table_top
        assert {light.text() for light in lights.values()} == {
            f"{n}: NOT quorate" for n in ("Mia", "Leo", "Ruby", "Baby")
        }
        assert lights["mia"].property("planned") == "false"
        assert lights["mia"].accessibleName() == "Mia: NOT quorate"
        assert lights["mia"].toolTip().startswith("In the room now")
        problems = [app.console.problems.item(i).text() for i in range(app.console.problems.count())]
        assert any("is not quorate for Mia" in p for p in problems)
        assert not any("would not be quorate" in p for p in problems)
    finally:
        app.controller.close()
