package settings

import (
	"fyne.io/fyne/v2/container"

	"xiaoneng/app/kit"
	"xiaoneng/app/parts"
)

// serverTab is 连接单位服务器: the office's server this desktop opens the
// ledger on (parts.ServerForm), the address saved shown.
func (s *Screen) serverTab() *container.TabItem {
	saved, _, err := s.w.Server().Saved()
	if err != nil {
		kit.ShowError(s.w.Window(), err)
	}
	s.server = parts.NewServerForm(s.w.Window(), saved, s.w.ConnectServer)
	return container.NewTabItem("连接单位服务器", kit.Narrow(760, s.server.Form.Widget()))
}
